// The tracking server's JSON as mlwatch's entities. The shapes are the same (types.ts is
// MLflow's REST shape), so each object is kept as the server sent it, fields mlwatch does
// not know included (printing it again gives the server's own answer); only what the
// types promise is filled in: lists the server omits when empty, and numbers the wire
// spells as strings ("NaN", "Infinity", "-Infinity", int64 as text).

import type {Experiment, KeyValue, LoggedModel, Metric, ModelVersion, RegisteredModel, Run} from '../types.js';
import {FILLED_IN} from '../wire-json.js';

type Json = Record<string, any>;

const object = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/** A protobuf-JSON double or int64: a number, or its spelling as a string. */
export function wireNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	if (value === 'NaN') return Number.NaN;
	if (value === 'Infinity') return Number.POSITIVE_INFINITY;
	if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
	if (typeof value === 'string' && value.trim() !== '') return Number(value);
	return Number.NaN;
}

function optionalNumber(json: Json, field: string): void {
	if (json[field] !== undefined && typeof json[field] !== 'number') json[field] = wireNumber(json[field]);
}

function keyValues(value: unknown): KeyValue[] {
	return list(value).map((item) => {
		const entry = {...object(item)};
		entry['key'] = String(entry['key'] ?? '');
		entry['value'] = String(entry['value'] ?? '');
		return entry as KeyValue;
	});
}

export function metricOf(value: unknown): Metric {
	const metric = {...object(value)};
	metric['key'] = String(metric['key'] ?? '');
	metric['value'] = wireNumber(metric['value'] ?? 0);
	metric['timestamp'] = metric['timestamp'] === undefined ? 0 : wireNumber(metric['timestamp']);
	metric['step'] = metric['step'] === undefined ? 0 : wireNumber(metric['step']);
	return metric as Metric;
}

export function experimentOf(value: unknown): Experiment {
	const experiment = {...object(value)};
	experiment['experiment_id'] = String(experiment['experiment_id'] ?? '');
	experiment['name'] = String(experiment['name'] ?? '');
	experiment['artifact_location'] = String(experiment['artifact_location'] ?? '');
	experiment['lifecycle_stage'] ??= 'active';
	experiment['tags'] = keyValues(experiment['tags']);
	optionalNumber(experiment, 'creation_time');
	optionalNumber(experiment, 'last_update_time');
	return experiment as Experiment;
}

export function runOf(value: unknown): Run {
	const json = object(value);
	const info = {...object(json['info'])};
	info['run_id'] ??= info['run_uuid'];
	info['run_uuid'] ??= info['run_id'];
	info['run_id'] = String(info['run_id'] ?? '');
	info['run_uuid'] = String(info['run_uuid'] ?? '');
	info['experiment_id'] = String(info['experiment_id'] ?? '');
	info['user_id'] ??= '';
	info['status'] ??= 'RUNNING';
	info['lifecycle_stage'] ??= 'active';
	optionalNumber(info, 'start_time');
	optionalNumber(info, 'end_time');
	const data = {...object(json['data'])};
	data['metrics'] = list(data['metrics']).map(metricOf);
	data['params'] = keyValues(data['params']);
	data['tags'] = keyValues(data['tags']);
	const inputs = {...object(json['inputs'])};
	inputs['dataset_inputs'] = list(inputs['dataset_inputs']).map((item) => {
		const input = {...object(item)};
		input['tags'] = keyValues(input['tags']);
		input['dataset'] = object(input['dataset']);
		return input;
	});
	inputs['model_inputs'] = list(inputs['model_inputs']);
	const outputs = {...object(json['outputs'])};
	outputs['model_outputs'] = list(outputs['model_outputs']).map((item) => {
		const output = {...object(item)};
		optionalNumber(output, 'step');
		return output;
	});
	const run = {...json, info, data, inputs, outputs} as Run;
	// MLflow 3.1's SQL store leaves inputs and outputs out of search results.
	const filled = new Set(['info', 'data', 'inputs', 'outputs'].filter((part) => json[part] === undefined));
	if (filled.size > 0) (run as {[FILLED_IN]?: ReadonlySet<string>})[FILLED_IN] = filled;
	return run;
}

export function modelVersionOf(value: unknown): ModelVersion {
	const version = {...object(value)};
	version['name'] = String(version['name'] ?? '');
	version['version'] = String(version['version'] ?? '');
	version['current_stage'] ??= 'None';
	version['status'] ??= 'READY';
	version['tags'] = keyValues(version['tags']);
	version['aliases'] = list(version['aliases']).map(String);
	optionalNumber(version, 'creation_timestamp');
	optionalNumber(version, 'last_updated_timestamp');
	return version as ModelVersion;
}

/** A registered model with the versions found for it (mlwatch's `versions`, beside MLflow's fields). */
export function registeredModelOf(value: unknown, versions: ModelVersion[]): RegisteredModel {
	const model = {...object(value)};
	model['name'] = String(model['name'] ?? '');
	model['latest_versions'] = list(model['latest_versions']).map(modelVersionOf);
	model['tags'] = keyValues(model['tags']);
	model['aliases'] = list(model['aliases']).map((item) => ({...object(item), alias: String(object(item)['alias'] ?? ''), version: String(object(item)['version'] ?? '')}));
	optionalNumber(model, 'creation_timestamp');
	optionalNumber(model, 'last_updated_timestamp');
	model['versions'] = versions;
	return model as RegisteredModel;
}

export function loggedModelOf(value: unknown): LoggedModel {
	const json = object(value);
	const info = {...object(json['info'])};
	info['model_id'] = String(info['model_id'] ?? '');
	info['experiment_id'] = String(info['experiment_id'] ?? '');
	info['name'] = String(info['name'] ?? '');
	info['artifact_uri'] = String(info['artifact_uri'] ?? '');
	info['status'] ??= 'LOGGED_MODEL_STATUS_UNSPECIFIED';
	// The server lists only live models and leaves the stage out.
	info['lifecycle_stage'] ??= 'active';
	info['tags'] = keyValues(info['tags']);
	optionalNumber(info, 'creation_timestamp_ms');
	optionalNumber(info, 'last_updated_timestamp_ms');
	const data = {...object(json['data'])};
	data['params'] = keyValues(data['params']);
	data['metrics'] = list(data['metrics']).map(metricOf);
	return {...json, info, data} as LoggedModel;
}
