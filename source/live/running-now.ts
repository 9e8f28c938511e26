// Every run that says RUNNING, across all active experiments, with how alive it looks:
// the "running now" view. Cheap to call again: the file store re-reads only what changed.

import type {RunRecord, TrackingStore} from '../store/backend.js';
import type {Experiment} from '../store/types.js';
import {liveness, type LivenessReport} from './liveness.js';

export interface RunningRun {
	experiment: Experiment;
	record: RunRecord;
	liveness: LivenessReport;
}

const ORDER = {live: 0, stalled: 1, dead: 2, ended: 3} as const;

/** Live runs first, then stalled, then probably dead; most recently written first within each. */
export async function runningNow(store: TrackingStore, now = Date.now()): Promise<RunningRun[]> {
	const experiments = await store.listExperiments('ACTIVE_ONLY');
	const lists = await Promise.all(
		experiments.map(async (experiment) => {
			const records = await store.listRuns(experiment.experiment_id, 'ACTIVE_ONLY');
			return records.filter((record) => record.run.info.status === 'RUNNING').map((record) => ({experiment, record, liveness: liveness(record, now)}));
		}),
	);
	return lists.flat().sort((a, b) => ORDER[a.liveness.state] - ORDER[b.liveness.state] || b.record.lastWrite - a.record.lastWrite);
}
