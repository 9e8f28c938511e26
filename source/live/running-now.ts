// Every run that says RUNNING, across all active experiments, with how alive it looks:
// the "running now" view. One search for RUNNING runs (an attribute filter, so a file
// store reads only meta.yaml files for it), then the summaries of those runs alone.

import type {TrackingStore} from '../store/contract.js';
import {allExperiments, searchAllRuns, withSummaries} from '../store/queries.js';
import type {RunRecord} from '../store/run-record.js';
import type {Experiment} from '../store/types.js';
import {liveness, type LivenessReport} from './liveness.js';

export interface RunningRun {
	experiment: Experiment;
	record: RunRecord;
	liveness: LivenessReport;
}

const ORDER = {live: 0, stalled: 1, dead: 2, ended: 3} as const;

/** Running runs with their summaries, for the given experiments. */
export async function runningRecords(store: TrackingStore, experimentIds: readonly string[]): Promise<RunRecord[]> {
	if (experimentIds.length === 0) return [];
	const runs = await searchAllRuns(store, {experimentIds, filter: "attributes.status = 'RUNNING'"});
	return withSummaries(store, runs);
}

/** Live runs first, then stalled, then probably dead; most recently written first within each. */
export function orderRunning<T extends {record: RunRecord; liveness: LivenessReport}>(entries: T[]): T[] {
	return entries.sort((a, b) => ORDER[a.liveness.state] - ORDER[b.liveness.state] || b.record.lastWrite - a.record.lastWrite);
}

export async function runningNow(store: TrackingStore, now = Date.now()): Promise<RunningRun[]> {
	const experiments = await allExperiments(store, 'ACTIVE_ONLY');
	const byId = new Map(experiments.map((experiment) => [experiment.experiment_id, experiment]));
	const records = await runningRecords(store, [...byId.keys()]);
	return orderRunning(records.map((record) => ({experiment: byId.get(record.run.info.experiment_id)!, record, liveness: liveness(record, now)})));
}
