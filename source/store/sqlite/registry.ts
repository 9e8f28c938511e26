// The model registry tables: registered models with their tags, aliases (2.3+) and live
// versions (a deleted version stays as a row in stage Deleted_Internal), and
// latest_versions as MLflow computes them: the highest version in each stage, Archived
// included. Databases with workspaces (3.10+) key everything by (workspace, name).

import type {KeyValue, ModelVersion, RegisteredModel} from '../types.js';
import type {SqliteConnection} from './connection.js';
import type {Schema} from './schema.js';
import {toNumber} from './values.js';

const DELETED_STAGE = 'Deleted_Internal';

type Row = Record<string, unknown>;

function text(value: unknown): string | undefined {
	return value === null || value === undefined ? undefined : String(value);
}

export function registeredModels(connection: SqliteConnection, schema: Schema): RegisteredModel[] {
	if (!schema.has('registered_models')) return [];
	return connection.read(() => {
		const scoped = (table: string) => schema.has(table, 'workspace');
		const keyOf = (table: string, row: Row) => `${scoped(table) ? String(row['workspace'] ?? '') : ''}\0${String(row['name'])}`;
		const column = (table: string, name: string) => (schema.has(table, name) ? name : `NULL AS ${name}`);
		const list = (table: string, names: string[]) => names.map((name) => column(table, name)).join(', ');

		const tagsOf = new Map<string, KeyValue[]>();
		if (schema.has('registered_model_tags')) {
			for (const row of connection.all(`SELECT ${list('registered_model_tags', ['workspace', 'name', 'key', 'value'])} FROM registered_model_tags`)) {
				const key = keyOf('registered_model_tags', row);
				tagsOf.set(key, [...(tagsOf.get(key) ?? []), {key: String(row['key']), value: text(row['value']) ?? ''}]);
			}
		}
		const aliasesOf = new Map<string, Array<{alias: string; version: string}>>();
		if (schema.has('registered_model_aliases')) {
			for (const row of connection.all(`SELECT ${list('registered_model_aliases', ['workspace', 'name', 'alias', 'version'])} FROM registered_model_aliases`)) {
				const key = keyOf('registered_model_aliases', row);
				aliasesOf.set(key, [...(aliasesOf.get(key) ?? []), {alias: String(row['alias']), version: String(row['version'])}]);
			}
		}
		const versionTags = new Map<string, KeyValue[]>();
		if (schema.has('model_version_tags')) {
			for (const row of connection.all(`SELECT ${list('model_version_tags', ['workspace', 'name', 'version', 'key', 'value'])} FROM model_version_tags`)) {
				const key = `${keyOf('model_version_tags', row)}\0${String(row['version'])}`;
				versionTags.set(key, [...(versionTags.get(key) ?? []), {key: String(row['key']), value: text(row['value']) ?? ''}]);
			}
		}
		const versionsOf = new Map<string, ModelVersion[]>();
		if (schema.has('model_versions')) {
			const columns = list('model_versions', ['workspace', 'name', 'version', 'creation_time', 'last_updated_time', 'description', 'user_id', 'current_stage', 'source', 'run_id', 'run_link', 'status', 'status_message']);
			for (const row of connection.all(`SELECT ${columns} FROM model_versions WHERE current_stage IS NOT '${DELETED_STAGE}' ORDER BY version`)) {
				const key = keyOf('model_versions', row);
				const number = String(row['version']);
				const version: ModelVersion = {
					name: String(row['name']),
					version: number,
					current_stage: text(row['current_stage']) ?? 'None',
					status: text(row['status']) ?? 'READY',
					tags: versionTags.get(`${key}\0${number}`) ?? [],
					aliases: (aliasesOf.get(key) ?? []).filter((alias) => alias.version === number).map((alias) => alias.alias),
				};
				const created = toNumber(row['creation_time']);
				const updated = toNumber(row['last_updated_time']);
				if (created !== undefined) version.creation_timestamp = created;
				if (updated !== undefined) version.last_updated_timestamp = updated;
				for (const field of ['description', 'user_id', 'source', 'run_id', 'run_link'] as const) {
					const value = text(row[field]);
					if (value !== undefined) version[field] = value;
				}
				const message = text(row['status_message']);
				if (message) version.status_message = message;
				versionsOf.set(key, [...(versionsOf.get(key) ?? []), version]);
			}
		}

		const models: RegisteredModel[] = [];
		const rows = connection.all(`SELECT ${list('registered_models', ['workspace', 'name', 'creation_time', 'last_updated_time', 'description'])} FROM registered_models ORDER BY name`);
		for (const row of rows) {
			const key = keyOf('registered_models', row);
			const versions = versionsOf.get(key) ?? [];
			const latest = new Map<string, ModelVersion>();
			for (const version of versions) {
				const current = latest.get(version.current_stage);
				if (!current || Number(current.version) < Number(version.version)) latest.set(version.current_stage, version);
			}
			const model: RegisteredModel = {name: String(row['name']), latest_versions: [...latest.values()], tags: tagsOf.get(key) ?? [], aliases: aliasesOf.get(key) ?? [], versions};
			const created = toNumber(row['creation_time']);
			const updated = toNumber(row['last_updated_time']);
			const description = text(row['description']);
			if (created !== undefined) model.creation_timestamp = created;
			if (updated) model.last_updated_timestamp = updated;
			if (description) model.description = description;
			models.push(model);
		}
		return models;
	});
}
