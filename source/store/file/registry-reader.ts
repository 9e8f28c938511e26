// The file model registry under `<root>/models/` (MLflow 2.1+): registered models, their
// versions, stages, aliases (2.3+, the `aliases/` files are authoritative) and tags.

import {join} from 'node:path';
import type {ModelVersion, Problem, RegisteredModel} from '../types.js';
import {listDir, readKeyValues} from './fs-read.js';
import {assignDefined, readMetaOrReport} from './meta-file.js';
import {int, str} from './yaml.js';

const STAGES = ['None', 'Staging', 'Production', 'Archived'];

async function readVersion(dir: string, modelName: string, aliasesByVersion: Map<string, string[]>, problems: Problem[]): Promise<ModelVersion | undefined> {
	const read = await readMetaOrReport(dir, problems, 'model version not shown');
	if (!read) return undefined;
	const {meta, text} = read;
	const version = str(meta, text, 'version') ?? dir.slice(dir.lastIndexOf('version-') + 'version-'.length);
	const tags = await readKeyValues(join(dir, 'tags'));
	problems.push(...tags.problems);
	const out: ModelVersion = {
		name: str(meta, text, 'name') ?? modelName,
		version,
		current_stage: str(meta, text, 'current_stage') ?? 'None',
		status: str(meta, text, 'status') ?? 'READY',
		tags: tags.values,
		aliases: aliasesByVersion.get(version) ?? [],
	};
	return assignDefined(out, {
		creation_timestamp: int(meta, 'creation_timestamp'),
		last_updated_timestamp: int(meta, 'last_updated_timestamp'),
		user_id: str(meta, text, 'user_id'),
		description: str(meta, text, 'description'),
		source: str(meta, text, 'source'),
		run_id: str(meta, text, 'run_id'),
		run_link: str(meta, text, 'run_link'),
		status_message: str(meta, text, 'status_message') || undefined,
	});
}

async function readModel(dir: string, folderName: string, problems: Problem[]): Promise<RegisteredModel | undefined> {
	const read = await readMetaOrReport(dir, problems, 'registered model not shown');
	if (!read) return undefined;
	const {meta, text} = read;
	const [tags, aliasFiles, listing] = await Promise.all([readKeyValues(join(dir, 'tags')), readKeyValues(join(dir, 'aliases')), listDir(dir)]);
	problems.push(...tags.problems, ...aliasFiles.problems);
	const aliases = aliasFiles.values.map(({key, value}) => ({alias: key, version: value.trim()}));
	const aliasesByVersion = new Map<string, string[]>();
	for (const {alias, version} of aliases) aliasesByVersion.set(version, [...(aliasesByVersion.get(version) ?? []), alias]);

	const versionDirs = listing.ok ? listing.value.filter((entry) => entry.isDirectory() && entry.name.startsWith('version-')) : [];
	const versions = (await Promise.all(versionDirs.map((entry) => readVersion(join(dir, entry.name), folderName, aliasesByVersion, problems))))
		.filter((version): version is ModelVersion => version !== undefined && version.current_stage !== 'Deleted_Internal')
		.sort((a, b) => Number(a.version) - Number(b.version));

	const latestByStage = new Map<string, ModelVersion>();
	for (const version of versions) {
		if (!STAGES.includes(version.current_stage)) continue;
		const current = latestByStage.get(version.current_stage);
		if (!current || Number(current.version) < Number(version.version)) latestByStage.set(version.current_stage, version);
	}
	const model: RegisteredModel = {
		name: str(meta, text, 'name') ?? folderName,
		latest_versions: [...latestByStage.values()],
		tags: tags.values,
		aliases,
		versions,
	};
	const creation = int(meta, 'creation_timestamp');
	const updated = int(meta, 'last_updated_timestamp');
	const description = str(meta, text, 'description');
	if (creation !== undefined) model.creation_timestamp = creation;
	if (updated) model.last_updated_timestamp = updated;
	if (description) model.description = description;
	return model;
}

export async function readRegistry(root: string, problems: Problem[]): Promise<RegisteredModel[]> {
	const dir = join(root, 'models');
	const listing = await listDir(dir);
	if (!listing.ok) {
		if (!listing.missing) problems.push({path: dir, reason: `cannot read folder: ${listing.reason}`, effect: 'registry not shown'});
		return [];
	}
	const models = await Promise.all(listing.value.filter((entry) => entry.isDirectory()).map((entry) => readModel(join(dir, entry.name), entry.name, problems)));
	return models.filter((model) => model !== undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
