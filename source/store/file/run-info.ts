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

/** Milliseconds JavaScript dates can hold (±8.64e15); MLflow's int64 can hold more. */
const LAST_DATE_MS = 8.64e15;

function checkTime(name: string, value: number | undefined, path: string, problems: Problem[]): void {
	if (value === undefined) return;
	if (!Number.isSafeInteger(value)) problems.push({path, reason: `${name} ${value} is beyond 2^53, which a JavaScript number cannot hold exactly`, effect: 'shown rounded'});
	else if (Math.abs(value) > LAST_DATE_MS) problems.push({path, reason: `${name} ${value} is outside the range of dates`, effect: 'shown as a number'});
}

/**
 * `folderRunId` and `folderExperimentId` are where the run was found. A run whose
 * meta.yaml names another experiment is `foreign`: MLflow ignores it, and so does mlwatch
 * (with a problem saying so). A run id that differs from its folder is shown under the
 * folder's name, as MLflow before 3.8 did.
 */
export function toRunInfo(
	meta: Meta,
	text: string,
	path: string,
	folderRunId: string,
	folderExperimentId: string,
): {info: RunInfo; problems: Problem[]; foreign: boolean} {
	const problems: Problem[] = [];
	const recordedId = str(meta, text, 'run_id') ?? str(meta, text, 'run_uuid');
	if (recordedId !== undefined && recordedId !== folderRunId) {
		problems.push({path, reason: `run_id '${recordedId}' differs from its folder name '${folderRunId}'`, effect: 'shown under the folder name; MLflow 3.8+ cannot open it'});
	}
	const experimentId = str(meta, text, 'experiment_id');
	const foreign = experimentId !== undefined && experimentId !== folderExperimentId;
	if (foreign) {
		problems.push({path, reason: `experiment_id '${experimentId}' differs from its experiment folder '${folderExperimentId}'`, effect: 'run left out, as MLflow leaves it out'});
	}
	const startTime = int(meta, 'start_time');
	if (startTime === undefined) problems.push({path, reason: 'start_time is missing', effect: 'shown without a start time'});
	const endTime = int(meta, 'end_time');
	checkTime('start_time', startTime, path, problems);
	checkTime('end_time', endTime, path, problems);
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
	return {info, problems, foreign};
}
