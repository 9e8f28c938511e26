// Dataset and model inputs (`<run>/inputs/*/meta.yaml`, 2.4+) and model outputs
// (`<run>/outputs/<model_id>/meta.yaml`, 3.0+), plus the experiment's datasets they
// point at (`<exp>/datasets/<id>/meta.yaml`).

import {join} from 'node:path';
import type {Dataset, KeyValue, Problem, RunInputs, RunOutputs} from '../types.js';
import {listDir} from './fs-read.js';
import {readMetaFile} from './meta-file.js';
import {int, str, type Meta} from './yaml.js';

async function readMetaDirs(dir: string, problems: Problem[]): Promise<Array<{name: string; path: string; meta: Meta; text: string}>> {
	const listing = await listDir(dir);
	if (!listing.ok) {
		if (!listing.missing) problems.push({path: dir, reason: `cannot read folder: ${listing.reason}`, effect: 'entries not shown'});
		return [];
	}
	const entries = await Promise.all(
		listing.value
			.filter((entry) => entry.isDirectory())
			.map(async (entry) => {
				const path = join(dir, entry.name, 'meta.yaml');
				const read = await readMetaFile(path);
				if (!read.ok) {
					problems.push({path, reason: read.reason, effect: 'entry not shown'});
					return undefined;
				}
				return {name: entry.name, path, meta: read.meta, text: read.text};
			}),
	);
	return entries.filter((entry) => entry !== undefined);
}

export async function readDatasets(experimentDir: string, problems: Problem[]): Promise<Map<string, Dataset>> {
	const datasets = new Map<string, Dataset>();
	for (const {name, meta, text} of await readMetaDirs(join(experimentDir, 'datasets'), problems)) {
		const dataset: Dataset = {
			name: str(meta, text, 'name') ?? '',
			digest: str(meta, text, 'digest') ?? '',
			source_type: str(meta, text, 'source_type') ?? '',
			source: str(meta, text, 'source') ?? '',
		};
		const schema = str(meta, text, 'schema');
		const profile = str(meta, text, 'profile');
		if (schema) dataset.schema = schema;
		if (profile) dataset.profile = profile;
		datasets.set(name, dataset);
	}
	return datasets;
}

function tagList(value: unknown): KeyValue[] {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
	return Object.entries(value as Record<string, unknown>).map(([key, tagValue]) => ({key, value: tagValue === null || tagValue === undefined ? '' : String(tagValue)}));
}

export async function readInputs(runDir: string, datasets: Map<string, Dataset>, problems: Problem[]): Promise<RunInputs> {
	const inputs: RunInputs = {dataset_inputs: [], model_inputs: []};
	for (const {path, meta, text} of await readMetaDirs(join(runDir, 'inputs'), problems)) {
		const sourceType = str(meta, text, 'source_type');
		const sourceId = str(meta, text, 'source_id') ?? '';
		if (sourceType === 'DATASET') {
			const dataset = datasets.get(sourceId);
			if (!dataset) {
				problems.push({path, reason: `dataset '${sourceId}' is not in the experiment's datasets/`, effect: 'input not shown'});
				continue;
			}
			inputs.dataset_inputs.push({tags: tagList(meta['tags']), dataset});
		} else if (sourceType === 'MODEL') {
			inputs.model_inputs.push({model_id: sourceId});
		} else {
			problems.push({path, reason: `unknown input source_type ${JSON.stringify(sourceType)}`, effect: 'input not shown'});
		}
	}
	return inputs;
}

export async function readOutputs(runDir: string, problems: Problem[]): Promise<RunOutputs> {
	const outputs: RunOutputs = {model_outputs: []};
	// The folder name is the model id; `destination_id` inside is mis-written by MLflow.
	for (const {name, meta} of await readMetaDirs(join(runDir, 'outputs'), problems)) {
		outputs.model_outputs.push({model_id: name, step: int(meta, 'step') ?? 0});
	}
	return outputs;
}
