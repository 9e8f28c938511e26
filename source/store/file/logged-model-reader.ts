// MLflow 3.x logged models: `<exp>/models/m-<hex>/` with meta.yaml, params, tags and
// metric files whose lines carry the logging run's id.

import {join} from 'node:path';
import type {LoggedModel, LoggedModelStatus, Metric, Problem} from '../types.js';
import {isLater} from '../metric-line.js';
import {listDir, readKeyValues, walkKeys} from './fs-read.js';
import {assignDefined, readMetaOrReport} from './meta-file.js';
import {readMetricHistory} from './metric-file.js';
import {int, str} from './yaml.js';

const STATUS: Record<number, LoggedModelStatus> = {
	0: 'LOGGED_MODEL_STATUS_UNSPECIFIED',
	1: 'LOGGED_MODEL_PENDING',
	2: 'LOGGED_MODEL_READY',
	3: 'LOGGED_MODEL_UPLOAD_FAILED',
};

/** A model's current metrics: the latest point per (key, dataset) group, as MLflow does. */
async function modelMetrics(dir: string, problems: Problem[]): Promise<Metric[]> {
	const walked = await walkKeys(join(dir, 'metrics'));
	const latest: Metric[] = [];
	for (const {key, path} of walked.files) {
		const {metrics, problems: lineProblems} = await readMetricHistory(path, key, 'model');
		problems.push(...lineProblems);
		const groups = new Map<string, Metric>();
		for (const metric of metrics) {
			const group = `${metric.dataset_name ?? ''}\0${metric.dataset_digest ?? ''}`;
			const current = groups.get(group);
			if (!current || isLater(metric, current)) groups.set(group, metric);
		}
		latest.push(...groups.values());
	}
	return latest;
}

async function readModel(dir: string, folderId: string, experimentId: string, problems: Problem[]): Promise<LoggedModel | undefined> {
	const read = await readMetaOrReport(dir, problems, 'logged model not shown');
	if (!read) return undefined;
	const {meta, text} = read;
	const [params, tags, metrics] = await Promise.all([readKeyValues(join(dir, 'params')), readKeyValues(join(dir, 'tags')), modelMetrics(dir, problems)]);
	problems.push(...params.problems, ...tags.problems);
	const statusInt = int(meta, 'status');
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

export async function readLoggedModels(experimentDir: string, experimentId: string, problems: Problem[]): Promise<LoggedModel[]> {
	const dir = join(experimentDir, 'models');
	const listing = await listDir(dir);
	if (!listing.ok) {
		if (!listing.missing) problems.push({path: dir, reason: `cannot read folder: ${listing.reason}`, effect: 'logged models not shown'});
		return [];
	}
	const models = await Promise.all(listing.value.filter((entry) => entry.isDirectory()).map((entry) => readModel(join(dir, entry.name), entry.name, experimentId, problems)));
	return models.filter((model) => model !== undefined);
}
