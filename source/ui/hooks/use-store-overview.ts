// One look at the whole store, shared by everything that summarises it: the experiments
// list's counts (runs, running, last activity), the "running now" screen and the alert
// monitor. Counts come from the store's countRuns (a file store reads only meta.yaml
// files for them), one experiment at a time behind what is on screen, and show as they
// come; the running runs from one search for RUNNING runs. Later looks follow store
// changes at most once a second, and less often when a look is slow: looking takes at
// most a tenth of the time.

import {useEffect, useState} from 'react';
import {runningRecords} from '../../live/running-now.js';
import type {RunCounts} from '../../store/contract.js';
import type {Experiment} from '../../store/types.js';
import type {RunningEntry} from '../model/running-rows.js';
import {useStoreHandle} from '../store-context.js';
import {sameAnswer} from './use-async.js';

export type ExperimentStats = RunCounts;

export interface StoreOverview {
	stats: ReadonlyMap<string, ExperimentStats>;
	/** Every running run of the active experiments; undefined until the first look is done. */
	running?: readonly RunningEntry[];
}

export const LOOK_EVERY_MS = 1000;
const LOOK_SHARE = 10;
const LONGEST_GAP_MS = 10_000;
const FLUSH_EVERY_MS = 250;

const NOTHING_YET: StoreOverview = {stats: new Map()};

function withExperimentTime(experiment: Experiment, counts: RunCounts): ExperimentStats {
	const updated = experiment.last_update_time;
	if (updated === undefined || (counts.lastActivity !== undefined && counts.lastActivity >= updated)) return counts;
	return {...counts, lastActivity: updated};
}

function sameStats(a: ReadonlyMap<string, ExperimentStats>, b: ReadonlyMap<string, ExperimentStats>): boolean {
	if (a.size !== b.size) return false;
	for (const [id, entry] of b) {
		const other = a.get(id);
		if (!other || other.active !== entry.active || other.running !== entry.running || other.lastActivity !== entry.lastActivity) return false;
	}
	return true;
}

export function useStoreOverview(experiments: readonly Experiment[] | undefined): StoreOverview {
	const {store, queue, changes} = useStoreHandle();
	const [overview, setOverview] = useState<StoreOverview>(NOTHING_YET);
	// The ids and stages stand for the list: a re-read list with the same experiments need not restart.
	const ids = experiments?.map((experiment) => `${experiment.experiment_id}:${experiment.lifecycle_stage}`).join(',') ?? '';
	useEffect(() => {
		if (!experiments) return;
		let cancelled = false;
		let looking = false;
		let again = false;
		let timer: NodeJS.Timeout | undefined;
		let lastLook = 0;
		let gap = LOOK_EVERY_MS;
		// A look still under way adds its counts to what is shown; a finished one replaces it.
		// Only what differs draws a frame.
		const publish = (stats: ReadonlyMap<string, ExperimentStats>, running?: RunningEntry[]) =>
			setOverview((previous) => {
				const nextStats = running === undefined ? new Map([...previous.stats, ...stats]) : stats;
				const nextRunning = running ?? previous.running;
				if (sameStats(previous.stats, nextStats) && (nextRunning === previous.running || sameAnswer(previous.running, nextRunning))) return previous;
				return nextRunning === undefined ? {stats: nextStats} : {stats: nextStats, running: nextRunning};
			});
		const look = async (first: boolean): Promise<void> => {
			looking = true;
			const started = Date.now();
			lastLook = started;
			const stats = new Map<string, ExperimentStats>();
			let lastFlush = started;
			for (const experiment of experiments) {
				if (cancelled) return;
				try {
					const counts = await queue.run(() => (cancelled ? Promise.resolve({}) : store.countRuns([experiment.experiment_id])), 'low');
					const found = (counts as Record<string, RunCounts>)[experiment.experiment_id];
					if (found) stats.set(experiment.experiment_id, withExperimentTime(experiment, found));
				} catch {
					// A summary is a nicety; the runs pane reports read errors properly.
					continue;
				}
				if (first && Date.now() - lastFlush > FLUSH_EVERY_MS) {
					lastFlush = Date.now();
					publish(stats);
				}
			}
			if (cancelled) return;
			const names = new Map(experiments.filter((experiment) => experiment.lifecycle_stage === 'active').map((experiment) => [experiment.experiment_id, experiment.name]));
			let running: RunningEntry[] = [];
			try {
				const records = await queue.run(() => runningRecords(store, [...names.keys()]), 'low');
				running = records.map((record) => ({experimentName: names.get(record.run.info.experiment_id) ?? record.run.info.experiment_id, record}));
			} catch {
				// as above
			}
			if (cancelled) return;
			publish(stats, running);
			// The first look reads the store cold; it says nothing about the next ones.
			if (!first) gap = Math.min(LONGEST_GAP_MS, Math.max(LOOK_EVERY_MS, (Date.now() - started) * LOOK_SHARE));
		};
		const run = (first: boolean): void => {
			if (looking) {
				again = true;
				return;
			}
			void look(first).finally(() => {
				looking = false;
				if (again && !cancelled) {
					again = false;
					later();
				}
			});
		};
		const later = (): void => {
			if (cancelled || timer) return;
			timer = setTimeout(
				() => {
					timer = undefined;
					run(false);
				},
				Math.max(0, lastLook + gap - Date.now()),
			);
		};
		run(true);
		const unsubscribe = changes.subscribe((change) => {
			if (change.everything || change.experimentRuns.length > 0 || change.runs.length > 0) later();
		});
		return () => {
			cancelled = true;
			unsubscribe();
			if (timer) clearTimeout(timer);
		};
	}, [ids, store, queue, changes]);
	return overview;
}
