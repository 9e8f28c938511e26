// Runs by id, whole: info, params, tags, latest metric values, dataset and model inputs,
// model outputs, each table read once for the whole page (a page of a thousand runs is a
// handful of queries, not thousands).

import type {Dataset, DatasetInput, KeyValue, LifecycleStage, Metric, Run, RunInfo, RunStatus} from '../types.js';
import type {SqliteConnection} from './connection.js';
import type {Schema} from './schema.js';
import {metricValue, toNumber} from './values.js';

const RUN_NAME_TAG = 'mlflow.runName';
const IDS = '(SELECT value FROM json_each(?))';

interface RunRow {
	run_uuid: string;
	name: string | null;
	user_id: string | null;
	status: string | null;
	start_time: unknown;
	end_time: unknown;
	artifact_uri: string | null;
	lifecycle_stage: string | null;
	experiment_id: unknown;
}

export function lifecycleOf(value: unknown): LifecycleStage {
	return value === 'deleted' ? 'deleted' : 'active';
}

function runColumns(schema: Schema): string {
	const column = (name: string) => (schema.has('runs', name) ? `r.${name}` : `NULL AS ${name}`);
	return ['r.run_uuid', ...['name', 'user_id', 'status', 'start_time', 'end_time', 'artifact_uri', 'lifecycle_stage', 'experiment_id'].map(column)].join(', ');
}

function toInfo(row: RunRow, tags: KeyValue[]): RunInfo {
	const info: RunInfo = {
		run_uuid: row.run_uuid,
		run_id: row.run_uuid,
		experiment_id: row.experiment_id === null || row.experiment_id === undefined ? '' : String(row.experiment_id),
		user_id: row.user_id ?? '',
		status: (row.status ?? 'RUNNING') as RunStatus,
		lifecycle_stage: lifecycleOf(row.lifecycle_stage),
	};
	// The name column is empty for runs logged by MLflow <= 1.29: the tag has it (as MLflow reads it).
	const runName = row.name || tags.find((tag) => tag.key === RUN_NAME_TAG)?.value || row.name;
	if (runName !== null && runName !== undefined) info.run_name = runName;
	const start = toNumber(row.start_time);
	const end = toNumber(row.end_time);
	if (start !== undefined) info.start_time = start;
	if (end !== undefined) info.end_time = end;
	if (row.artifact_uri) info.artifact_uri = row.artifact_uri;
	return info;
}

function grouped<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
	const out = new Map<string, T[]>();
	for (const row of rows) {
		const key = keyOf(row);
		const list = out.get(key);
		if (list) list.push(row);
		else out.set(key, [row]);
	}
	return out;
}

/**
 * Key-value rows per run, one row per run: SQLite collects them (json_group_array), which
 * builds far fewer objects than a row per pair; the IN list is walked in index order.
 */
function keyValues(connection: SqliteConnection, table: 'params' | 'tags', ids: string): Map<string, KeyValue[]> {
	const out = new Map<string, KeyValue[]>();
	for (const [runId, keys, values] of connection.rows(`SELECT run_uuid, json_group_array(key), json_group_array(value) FROM ${table} WHERE run_uuid IN ${IDS} GROUP BY run_uuid ORDER BY run_uuid`, [ids]) as Array<[string, string, string]>) {
		const keyList = JSON.parse(keys) as unknown[];
		const valueList = JSON.parse(values) as unknown[];
		out.set(runId, keyList.map((key, index) => ({key: String(key), value: valueList[index] === null || valueList[index] === undefined ? '' : String(valueList[index])})));
	}
	return out;
}

/** Latest values per run, collected per run as for key-values (SQLite's JSON keeps every double exactly). */
function latestMetrics(connection: SqliteConnection, schema: Schema, ids: string): Map<string, Metric[]> {
	const out = new Map<string, Metric[]>();
	const sql = `SELECT run_uuid, json_group_array(key), json_group_array(value), json_group_array(timestamp), json_group_array(step), json_group_array(is_nan)
		FROM ${schema.latestMetrics} WHERE run_uuid IN ${IDS} GROUP BY run_uuid ORDER BY run_uuid`;
	for (const [runId, ...columns] of connection.rows(sql, [ids]) as Array<[string, string, string, string, string, string]>) {
		const [keys, values, timestamps, steps, nans] = columns.map((column) => JSON.parse(column) as unknown[]) as [unknown[], unknown[], unknown[], unknown[], unknown[]];
		out.set(
			runId,
			keys.map((key, index) => ({key: String(key), value: metricValue(values[index], nans[index]), timestamp: toNumber(timestamps[index]) ?? 0, step: toNumber(steps[index]) ?? 0, run_id: runId})),
		);
	}
	return out;
}

function datasetInputs(connection: SqliteConnection, schema: Schema, ids: string): Map<string, DatasetInput[]> {
	const out = new Map<string, DatasetInput[]>();
	if (!schema.has('inputs') || !schema.has('datasets')) return out;
	const column = (name: string) => (schema.has('datasets', name) ? `d.${name}` : `NULL AS ${name}`);
	const rows = connection.all<{run_uuid: string; input_uuid: string; name: string; digest: string; dataset_source_type: string | null; dataset_source: string | null; dataset_schema: string | null; dataset_profile: string | null}>(
		`SELECT i.destination_id AS run_uuid, i.input_uuid, d.name, d.digest, ${column('dataset_source_type')}, ${column('dataset_source')}, ${column('dataset_schema')}, ${column('dataset_profile')}
		 FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
		 WHERE i.destination_type = 'RUN' AND i.destination_id IN ${IDS}`,
		[ids],
	);
	const tagsByInput = new Map<string, KeyValue[]>();
	if (rows.length > 0 && schema.has('input_tags')) {
		const tagRows = connection.all<{input_uuid: string; name: string; value: string | null}>(`SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN ${IDS}`, [JSON.stringify(rows.map((row) => row.input_uuid))]);
		for (const [input, list] of grouped(tagRows, (row) => row.input_uuid)) tagsByInput.set(input, list.map((row) => ({key: row.name, value: row.value ?? ''})));
	}
	for (const row of rows) {
		const dataset: Dataset = {name: row.name, digest: row.digest, source_type: row.dataset_source_type ?? '', source: row.dataset_source ?? ''};
		if (row.dataset_schema !== null) dataset.schema = row.dataset_schema;
		if (row.dataset_profile !== null) dataset.profile = row.dataset_profile;
		const list = out.get(row.run_uuid) ?? [];
		list.push({tags: tagsByInput.get(row.input_uuid) ?? [], dataset});
		out.set(row.run_uuid, list);
	}
	return out;
}

function modelLinks(connection: SqliteConnection, schema: Schema, ids: string, sourceType: 'RUN_INPUT' | 'RUN_OUTPUT', destinationType: 'MODEL_INPUT' | 'MODEL_OUTPUT'): Map<string, Array<{model_id: string; step: number}>> {
	const out = new Map<string, Array<{model_id: string; step: number}>>();
	if (!schema.has('inputs')) return out;
	const step = schema.has('inputs', 'step') ? 'step' : '0 AS step';
	const rows = connection.all<{run_uuid: string; model_id: string; step: unknown}>(
		`SELECT source_id AS run_uuid, destination_id AS model_id, ${step} FROM inputs WHERE source_type = ? AND destination_type = ? AND source_id IN ${IDS}`,
		[sourceType, destinationType, ids],
	);
	for (const row of rows) {
		const list = out.get(row.run_uuid) ?? [];
		list.push({model_id: row.model_id, step: toNumber(row.step) ?? 0});
		out.set(row.run_uuid, list);
	}
	return out;
}

/** The runs with these ids that exist, in the order of `runIds`. */
export function loadRuns(connection: SqliteConnection, schema: Schema, runIds: readonly string[]): Run[] {
	if (runIds.length === 0) return [];
	const ids = JSON.stringify(runIds);
	const rows = connection.all<RunRow>(`SELECT ${runColumns(schema)} FROM runs r WHERE r.run_uuid IN ${IDS}`, [ids]);
	if (rows.length === 0) return [];
	const params = schema.has('params') ? keyValues(connection, 'params', ids) : new Map<string, KeyValue[]>();
	const tags = schema.has('tags') ? keyValues(connection, 'tags', ids) : new Map<string, KeyValue[]>();
	const metrics = latestMetrics(connection, schema, ids);
	const datasets = datasetInputs(connection, schema, ids);
	const modelInputs = modelLinks(connection, schema, ids, 'RUN_INPUT', 'MODEL_INPUT');
	const modelOutputs = modelLinks(connection, schema, ids, 'RUN_OUTPUT', 'MODEL_OUTPUT');
	const byId = new Map<string, Run>();
	for (const row of rows) {
		const runTags = tags.get(row.run_uuid) ?? [];
		byId.set(row.run_uuid, {
			info: toInfo(row, runTags),
			data: {
				metrics: metrics.get(row.run_uuid) ?? [],
				params: params.get(row.run_uuid) ?? [],
				tags: runTags,
			},
			inputs: {dataset_inputs: datasets.get(row.run_uuid) ?? [], model_inputs: (modelInputs.get(row.run_uuid) ?? []).map(({model_id}) => ({model_id}))},
			outputs: {model_outputs: modelOutputs.get(row.run_uuid) ?? []},
		});
	}
	const out: Run[] = [];
	for (const id of runIds) {
		const run = byId.get(id);
		if (run) out.push(run);
	}
	return out;
}
