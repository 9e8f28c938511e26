// Whole-store reads for tests, in the terms tests think in (every run of an experiment with
// its summaries, one run's record, one metric's history), built on the store contract as
// the screens build them.

import type {TrackingStore} from '../../source/store/contract.js';
import {allExperiments, searchAllRuns, withSummaries} from '../../source/store/queries.js';
import type {RunRecord} from '../../source/store/run-record.js';
import type {Experiment, Metric, ViewType} from '../../source/store/types.js';

export function listExperiments(store: TrackingStore, view: ViewType = 'ACTIVE_ONLY'): Promise<Experiment[]> {
	return allExperiments(store, view);
}

/** Every run of the experiment, in MLflow's default order, with every metric's summary. */
export async function listRuns(store: TrackingStore, experimentId: string, view: ViewType = 'ACTIVE_ONLY'): Promise<RunRecord[]> {
	return withSummaries(store, await searchAllRuns(store, {experimentIds: [experimentId], view}));
}

export async function getRecord(store: TrackingStore, runId: string): Promise<RunRecord | undefined> {
	const run = await store.getRun(runId);
	return run ? (await withSummaries(store, [run]))[0] : undefined;
}

export async function metricHistory(store: TrackingStore, runId: string, key: string): Promise<Metric[]> {
	return (await store.getMetricHistories([runId], key)).histories[runId] ?? [];
}
