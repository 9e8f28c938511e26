// One full read of the store for the health check: every experiment and run (deleted ones
// too), the counts the status report prints, and the keys in use.

import type {TrackingStore} from '../store/contract.js';
import {allExperiments, searchAllRuns, withSummaries} from '../store/queries.js';
import {recordOf, type RunRecord} from '../store/run-record.js';
import type {Experiment} from '../store/types.js';
import type {StoreCounts} from './types.js';

export interface Inventory {
	experiments: Experiment[];
	/** Runs of every stage, in active and deleted experiments. */
	records: RunRecord[];
	counts: StoreCounts;
	metrics: string[];
	params: string[];
	/**
	 * Newest time MLflow recorded (run start/end, metric timestamps, experiment updates), in
	 * ms. File times are left out: a copied store would look freshly written.
	 */
	lastActivityMs?: number;
}

const sorted = (keys: Set<string>) => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function loggedTimes(record: RunRecord): Array<number | undefined> {
	return [record.run.info.start_time, record.run.info.end_time, record.lastWrite || undefined];
}

export async function takeInventory(store: TrackingStore): Promise<Inventory> {
	const experiments = await allExperiments(store, 'ALL');
	const perExperiment: Array<{experiment: Experiment; records: RunRecord[]}> = [];
	for (const experiment of experiments) {
		const runs = await searchAllRuns(store, {experimentIds: [experiment.experiment_id], view: 'ALL'});
		// Liveness needs the logging rhythm of running runs; the rest need only their latest values.
		const running = new Map((await withSummaries(store, runs.filter((run) => run.info.status === 'RUNNING'))).map((record) => [record.run.info.run_id, record]));
		perExperiment.push({experiment, records: runs.map((run) => running.get(run.info.run_id) ?? recordOf(run))});
	}
	const counts: StoreCounts = {experiments: 0, runs: 0, deleted_experiments: 0, deleted_runs: 0, runs_in_deleted_experiments: 0, runs_by_status: {}};
	const metrics = new Set<string>();
	const params = new Set<string>();
	let lastActivityMs: number | undefined;
	const later = (ms: number | undefined) => {
		if (ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 && (lastActivityMs === undefined || ms > lastActivityMs)) lastActivityMs = ms;
	};
	for (const {experiment, records} of perExperiment) {
		later(experiment.last_update_time);
		if (experiment.lifecycle_stage === 'deleted') {
			counts.deleted_experiments++;
			counts.runs_in_deleted_experiments += records.length;
			for (const record of records) loggedTimes(record).forEach(later);
			continue;
		}
		counts.experiments++;
		for (const record of records) {
			loggedTimes(record).forEach(later);
			if (record.run.info.lifecycle_stage === 'deleted') {
				counts.deleted_runs++;
				continue;
			}
			counts.runs++;
			const status = record.run.info.status;
			counts.runs_by_status[status] = (counts.runs_by_status[status] ?? 0) + 1;
			for (const metric of record.run.data.metrics) metrics.add(metric.key);
			for (const param of record.run.data.params) params.add(param.key);
		}
	}
	return {
		experiments,
		records: perExperiment.flatMap((entry) => entry.records),
		counts,
		metrics: sorted(metrics),
		params: sorted(params),
		lastActivityMs,
	};
}
