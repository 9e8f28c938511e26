// A run's meta.yaml → RunInfo, with every version's quirks (0.x to 3.x): int or string
// experiment ids, status as an int enum, `run_name` (1.30+) or the old `name: ''`,
// `run_uuid` (until 2.x), missing lifecycle_stage.

import type {LifecycleStage, Problem, RunInfo, RunStatus} from '../types.js';
import {int, str, type Meta} from './yaml.js';

const STATUS_BY_INT: Record<number, RunStatus> = {1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED'};
const STATUS_NAMES = new Set<string>(Object.values(STATUS_BY_INT));

function status(meta: Meta, path: string, problems: Problem[]): RunStatus {
	const value = meta['status'];
	if (value === undefined || value === null) return 'RUNNING';
	if (typeof value === 'number' && STATUS_BY_INT[value]) return STATUS_BY_INT[value]!;
	if (typeof value === 'string' && STATUS_NAMES.has(value.toUpperCase())) return value.toUpperCase() as RunStatus;
	problems.push({path, reason: `unknown run status ${JSON.stringify(value)}`, effect: 'shown as RUNNING'});
	return 'RUNNING';
}

export function lifecycle(meta: Meta, text: string): LifecycleStage {
	return str(meta, text, 'lifecycle_stage') === 'deleted' ? 'deleted' : 'active';
}

/**
 * `folderRunId` and `folderExperimentId` are where the run was found; when meta.yaml
 * disagrees, MLflow ignores the run, mlwatch shows it under its folder and says so.
 */
export function toRunInfo(
	meta: Meta,
	text: string,
	path: string,
	folderRunId: string,
	folderExperimentId: string,
): {info: RunInfo; problems: Problem[]} {
	const problems: Problem[] = [];
	const recordedId = str(meta, text, 'run_id') ?? str(meta, text, 'run_uuid');
	if (recordedId !== undefined && recordedId !== folderRunId) {
		problems.push({path, reason: `run_id '${recordedId}' differs from its folder name '${folderRunId}'`, effect: 'shown under the folder name; MLflow 3.8+ cannot open it'});
	}
	const experimentId = str(meta, text, 'experiment_id');
	if (experimentId !== undefined && experimentId !== folderExperimentId) {
		problems.push({path, reason: `experiment_id '${experimentId}' differs from its experiment folder '${folderExperimentId}'`, effect: 'shown in the folder\'s experiment; MLflow ignores this run'});
	}
	const startTime = int(meta, 'start_time');
	if (startTime === undefined) problems.push({path, reason: 'start_time is missing', effect: 'shown without a start time'});
	const endTime = int(meta, 'end_time');
	const artifactUri = str(meta, text, 'artifact_uri');
	const info: RunInfo = {
		run_uuid: folderRunId,
		run_id: folderRunId,
		experiment_id: folderExperimentId,
		user_id: str(meta, text, 'user_id') ?? '',
		status: status(meta, path, problems),
		lifecycle_stage: lifecycle(meta, text),
	};
	const runName = str(meta, text, 'run_name');
	if (runName !== undefined) info.run_name = runName;
	if (startTime !== undefined) info.start_time = startTime;
	// MLflow treats 0 as "not ended".
	if (endTime) info.end_time = endTime;
	if (artifactUri) info.artifact_uri = artifactUri;
	return {info, problems};
}
