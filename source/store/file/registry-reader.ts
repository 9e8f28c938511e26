// The file model registry under `<root>/models/` (MLflow 2.1+): registered models, their
// versions, stages, aliases (2.3+, the `aliases/` files are authoritative) and tags.

import {join} from 'node:path';
import type {ModelVersion, Problem, RegisteredModel} from '../types.js';
import {kindOf, listDirSync, notAFolder} from './fs-sync.js';
import {readKeyValues} from './key-folder.js';
import {assignDefined, readMetaOrReport} from './meta-text.js';
import {int, str} from './yaml.js';

const STAGES = ['None', 'Staging', 'Production', 'Archived'];

function readVersion(dir: string, modelName: string, aliasesByVersion: Map<string, string[]>, problems: Problem[]): ModelVersion | undefined {
	const read = readMetaOrReport(dir, problems, 'model version not shown');
	if (!read) return undefined;
	const {meta, text} = read;
	const version = str(meta, text, 'version') ?? dir.slice(dir.lastIndexOf('version-') + 'version-'.length);
	const tags = readKeyValues(join(dir, 'tags'), 'tag', problems);
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

function readModel(dir: string, folderName: string, problems: Problem[]): RegisteredModel | undefined {
	const read = readMetaOrReport(dir, problems, 'registered model not shown');
	if (!read) return undefined;
	const {meta, text} = read;
	const tags = readKeyValues(join(dir, 'tags'), 'tag', problems);
	const aliasFiles = readKeyValues(join(dir, 'aliases'), 'alias', problems);
	const listing = listDirSync(dir);
	const aliases = aliasFiles.values.map(({key, value}) => ({alias: key, version: value.trim()}));
	const aliasesByVersion = new Map<string, string[]>();
	for (const {alias, version} of aliases) aliasesByVersion.set(version, [...(aliasesByVersion.get(version) ?? []), alias]);

	const versionDirs = listing.ok ? listing.entries.filter((entry) => entry.name.startsWith('version-') && kindOf(entry, dir) === 'dir') : [];
	const versions = versionDirs
		.map((entry) => readVersion(join(dir, entry.name), folderName, aliasesByVersion, problems))
		.filter((version): version is ModelVersion => version !== undefined && version.current_stage !== 'Deleted_Internal')
		.sort((a, b) => Number(a.version) - Number(b.version));
	const known = new Set(versions.map((version) => version.version));
	for (const {alias, version} of aliases) {
		if (!known.has(version)) problems.push({path: join(dir, 'aliases', alias), reason: `alias '${alias}' points at version ${version}, which does not exist`, effect: 'alias shown as it is'});
	}

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

export function readRegistry(root: string, problems: Problem[]): RegisteredModel[] {
	const dir = join(root, 'models');
	const listing = listDirSync(dir);
	if (!listing.ok) {
		if (listing.missing && notAFolder(dir)) problems.push({path: dir, reason: 'models is a file, expected the registry folder', effect: 'registry not shown'});
		else if (!listing.missing) problems.push({path: dir, reason: `cannot read folder: ${listing.reason}`, effect: 'registry not shown'});
		return [];
	}
	const models = [];
	for (const entry of listing.entries) {
		if (kindOf(entry, dir) !== 'dir') {
			problems.push({path: join(dir, entry.name), reason: 'not a registered model folder', effect: 'ignored'});
			continue;
		}
		const model = readModel(join(dir, entry.name), entry.name, problems);
		if (model) models.push(model);
	}
	return models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
