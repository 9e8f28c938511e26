// Dataset and model inputs (`<run>/inputs/*/meta.yaml`, 2.4+) and model outputs
// (`<run>/outputs/<model_id>/meta.yaml`, 3.0+), plus the experiment's datasets they
// point at (`<exp>/datasets/<id>/meta.yaml`).

import {join} from 'node:path';
import type {Dataset, KeyValue, Problem, RunInputs, RunOutputs} from '../types.js';
import {kindOf, listDirSync} from './fs-sync.js';
import {readMetaText} from './meta-text.js';
import {int, parseMeta, str, type Meta} from './yaml.js';

/** The datasets of a run's experiment, read when first needed. */
export type DatasetsOf = () => Map<string, Dataset>;

function readMetaDirs(dir: string, problems: Problem[]): Array<{name: string; path: string; meta: Meta; text: string}> {
	const listing = listDirSync(dir);
	if (!listing.ok) {
		if (!listing.missing) problems.push({path: dir, reason: `cannot read folder: ${listing.reason}`, effect: 'entries not shown'});
		return [];
	}
	const entries = [];
	for (const entry of listing.entries) {
		if (kindOf(entry, dir) !== 'dir') continue;
		const path = join(dir, entry.name, 'meta.yaml');
		const read = readMetaText(path);
		const parsed = read.ok ? parseMeta(read.text) : undefined;
		if (!read.ok || !parsed?.ok) {
			problems.push({path, reason: read.ok ? (parsed as {reason: string}).reason : read.reason, effect: 'entry not shown'});
			continue;
		}
		entries.push({name: entry.name, path, meta: parsed.meta, text: read.text});
	}
	return entries;
}

export function readDatasets(experimentDir: string, problems: Problem[]): Map<string, Dataset> {
	const datasets = new Map<string, Dataset>();
	for (const {name, meta, text} of readMetaDirs(join(experimentDir, 'datasets'), problems)) {
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

export function readInputs(runDir: string, datasets: Map<string, Dataset>, problems: Problem[]): RunInputs {
	const inputs: RunInputs = {dataset_inputs: [], model_inputs: []};
	for (const {path, meta, text} of readMetaDirs(join(runDir, 'inputs'), problems)) {
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

export function readOutputs(runDir: string, problems: Problem[]): RunOutputs {
	const outputs: RunOutputs = {model_outputs: []};
	// The folder name is the model id; `destination_id` inside is mis-written by MLflow.
	for (const {name, meta} of readMetaDirs(join(runDir, 'outputs'), problems)) {
		outputs.model_outputs.push({model_id: name, step: int(meta, 'step') ?? 0});
	}
	return outputs;
}
