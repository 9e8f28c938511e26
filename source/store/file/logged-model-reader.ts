// MLflow 3.x logged models: `<exp>/models/m-<hex>/` with meta.yaml, params, tags and
// metric files whose lines carry the logging run's id.

import {join} from 'node:path';
import type {LoggedModel, LoggedModelStatus, Metric, Problem} from '../types.js';
import {isLater} from '../metric-line.js';
import {kindOf, listDirSync, notAFolder} from './fs-sync.js';
import {readKeyValues, walkKeyFolder} from './key-folder.js';
import {assignDefined, readMetaOrReport} from './meta-text.js';
import {readHistoryPoints} from './metric-history.js';
import {int, str} from './yaml.js';

const STATUS: Record<number, LoggedModelStatus> = {
	0: 'LOGGED_MODEL_STATUS_UNSPECIFIED',
	1: 'LOGGED_MODEL_PENDING',
	2: 'LOGGED_MODEL_READY',
	3: 'LOGGED_MODEL_UPLOAD_FAILED',
};

/** A model's current metrics: the latest point per (key, dataset) group, as MLflow does. */
function modelMetrics(dir: string, problems: Problem[]): Metric[] {
	const latest: Metric[] = [];
	for (const {key, path} of walkKeyFolder(join(dir, 'metrics'), 'metrics', problems)) {
		const read = readHistoryPoints(path, key, 'model');
		problems.push(...read.problems);
		const groups = new Map<string, Metric>();
		for (const metric of read.metrics) {
			const group = `${metric.dataset_name ?? ''}\0${metric.dataset_digest ?? ''}`;
			const current = groups.get(group);
			if (!current || isLater(metric, current)) groups.set(group, metric);
		}
		latest.push(...groups.values());
	}
	return latest;
}

function readModel(dir: string, folderId: string, experimentId: string, problems: Problem[]): LoggedModel | undefined {
	const read = readMetaOrReport(dir, problems, 'logged model not shown', 'logged model folder has no meta.yaml');
	if (!read) return undefined;
	const {meta, text} = read;
	const params = readKeyValues(join(dir, 'params'), 'param', problems);
	const tags = readKeyValues(join(dir, 'tags'), 'tag', problems);
	const metrics = modelMetrics(dir, problems);
	const statusInt = int(meta, 'status');
	if (statusInt !== undefined && !STATUS[statusInt]) problems.push({path: join(dir, 'meta.yaml'), reason: `unknown logged model status ${statusInt}`, effect: 'shown as LOGGED_MODEL_STATUS_UNSPECIFIED'});
	const info: LoggedModel['info'] = {
		model_id: folderId,
		experiment_id: str(meta, text, 'experiment_id') ?? experimentId,
		name: str(meta, text, 'name') ?? '',
		artifact_uri: str(meta, text, 'artifact_location') ?? '',
		status: (statusInt !== undefined && STATUS[statusInt]) || 'LOGGED_MODEL_STATUS_UNSPECIFIED',
		// Dropped from meta.yaml when the model is finalized: absent means active.
		lifecycle_stage: str(meta, text, 'lifecycle_stage') === 'deleted' ? 'deleted' : 'active',
		tags: tags.values,
	};
	assignDefined(info, {
		creation_timestamp_ms: int(meta, 'creation_timestamp'),
		last_updated_timestamp_ms: int(meta, 'last_updated_timestamp'),
		status_message: str(meta, text, 'status_message') || undefined,
		model_type: str(meta, text, 'model_type') || undefined,
		source_run_id: str(meta, text, 'source_run_id') || undefined,
	});
	return {info, data: {params: params.values, metrics}};
}

export function readLoggedModels(experimentDir: string, experimentId: string, problems: Problem[]): LoggedModel[] {
	const dir = join(experimentDir, 'models');
	const listing = listDirSync(dir);
	if (!listing.ok) {
		if (listing.missing && notAFolder(dir)) problems.push({path: dir, reason: 'models is a file, expected the logged models folder', effect: 'logged models not shown'});
		else if (!listing.missing) problems.push({path: dir, reason: `cannot read folder: ${listing.reason}`, effect: 'logged models not shown'});
		return [];
	}
	const models: LoggedModel[] = [];
	for (const entry of listing.entries) {
		if (kindOf(entry, dir) !== 'dir') continue;
		const model = readModel(join(dir, entry.name), entry.name, experimentId, problems);
		if (model) models.push(model);
	}
	return models;
}
