// MLflow 3.x logged models (logged_models with their params, tags and metrics). As for the
// file store, a model's metrics are its latest point per (key, dataset).

import {isLater} from '../metric-line.js';
import type {KeyValue, LoggedModel, LoggedModelStatus, Metric} from '../types.js';
import type {SqliteConnection} from './connection.js';
import {lifecycleOf} from './run-rows.js';
import {experimentKeys} from './runs-query.js';
import type {Schema} from './schema.js';
import {metricValue, toNumber} from './values.js';

const STATUS: Record<number, LoggedModelStatus> = {
	0: 'LOGGED_MODEL_STATUS_UNSPECIFIED',
	1: 'LOGGED_MODEL_PENDING',
	2: 'LOGGED_MODEL_READY',
	3: 'LOGGED_MODEL_UPLOAD_FAILED',
};

type Row = Record<string, unknown>;

function byModel(rows: Row[], make: (row: Row) => KeyValue): Map<string, KeyValue[]> {
	const out = new Map<string, KeyValue[]>();
	for (const row of rows) {
		const id = String(row['model_id']);
		out.set(id, [...(out.get(id) ?? []), make(row)]);
	}
	return out;
}

export function loggedModels(connection: SqliteConnection, schema: Schema, experimentIds: readonly string[]): LoggedModel[] {
	if (!schema.has('logged_models')) return [];
	const ids = JSON.stringify(experimentKeys(experimentIds));
	return connection.read(() => {
		const column = (table: string, name: string) => (schema.has(table, name) ? name : `NULL AS ${name}`);
		const models = connection.all(
			`SELECT model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, ${['lifecycle_stage', 'model_type', 'source_run_id', 'status_message'].map((name) => column('logged_models', name)).join(', ')}
			 FROM logged_models WHERE experiment_id IN (SELECT value FROM json_each(?)) ORDER BY creation_timestamp_ms DESC, model_id`,
			[ids],
		);
		if (models.length === 0) return [];
		const modelIds = JSON.stringify(models.map((row) => String(row['model_id'])));
		const inModels = 'model_id IN (SELECT value FROM json_each(?))';
		const params = schema.has('logged_model_params') ? byModel(connection.all(`SELECT model_id, param_key, param_value FROM logged_model_params WHERE ${inModels}`, [modelIds]), (row) => ({key: String(row['param_key']), value: String(row['param_value'] ?? '')})) : new Map();
		const tags = schema.has('logged_model_tags') ? byModel(connection.all(`SELECT model_id, tag_key, tag_value FROM logged_model_tags WHERE ${inModels}`, [modelIds]), (row) => ({key: String(row['tag_key']), value: String(row['tag_value'] ?? '')})) : new Map();
		const metrics = new Map<string, Map<string, Metric>>();
		if (schema.has('logged_model_metrics')) {
			const dataset = (name: string) => column('logged_model_metrics', name);
			for (const row of connection.all(`SELECT model_id, metric_name, metric_timestamp_ms, metric_step, metric_value, run_id, ${dataset('dataset_name')}, ${dataset('dataset_digest')} FROM logged_model_metrics WHERE ${inModels}`, [modelIds])) {
				const metric: Metric = {key: String(row['metric_name']), value: metricValue(row['metric_value'], 0), timestamp: toNumber(row['metric_timestamp_ms']) ?? 0, step: toNumber(row['metric_step']) ?? 0};
				if (row['run_id'] !== null && row['run_id'] !== undefined) metric.run_id = String(row['run_id']);
				if (row['dataset_name'] !== null && row['dataset_name'] !== undefined) metric.dataset_name = String(row['dataset_name']);
				if (row['dataset_digest'] !== null && row['dataset_digest'] !== undefined) metric.dataset_digest = String(row['dataset_digest']);
				const id = String(row['model_id']);
				const group = `${metric.key}\0${metric.dataset_name ?? ''}\0${metric.dataset_digest ?? ''}`;
				let latest = metrics.get(id);
				if (!latest) metrics.set(id, (latest = new Map()));
				const current = latest.get(group);
				if (!current || isLater(metric, current)) latest.set(group, metric);
			}
		}
		return models.map((row): LoggedModel => {
			const id = String(row['model_id']);
			const status = toNumber(row['status']);
			const info: LoggedModel['info'] = {
				model_id: id,
				experiment_id: String(row['experiment_id']),
				name: String(row['name'] ?? ''),
				artifact_uri: String(row['artifact_location'] ?? ''),
				status: (status !== undefined && STATUS[status]) || 'LOGGED_MODEL_STATUS_UNSPECIFIED',
				lifecycle_stage: lifecycleOf(row['lifecycle_stage']),
				tags: tags.get(id) ?? [],
			};
			const created = toNumber(row['creation_timestamp_ms']);
			const updated = toNumber(row['last_updated_timestamp_ms']);
			if (created !== undefined) info.creation_timestamp_ms = created;
			if (updated !== undefined) info.last_updated_timestamp_ms = updated;
			for (const field of ['status_message', 'model_type', 'source_run_id'] as const) {
				const value = row[field];
				if (value !== null && value !== undefined && value !== '') info[field] = String(value);
			}
			return {info, data: {params: params.get(id) ?? [], metrics: [...(metrics.get(id)?.values() ?? [])]}};
		});
	});
}
