// The experiments list first (one small read), then, in the background and one
// experiment at a time, how many runs each has, how many are running and when it was
// last written to: a store with many experiments opens at once instead of after
// reading every run. While the store changes the counts are redone at most every few
// seconds: they are a summary, and recounting a big store ten times a second would cost
// more than everything else on screen.

import {useEffect, useState} from 'react';
import type {Experiment} from '../../store/types.js';
import {lastActivity as runActivity} from '../model/run-label.js';
import {useStoreHandle} from '../store-context.js';
import {useAsync, type AsyncValue} from './use-async.js';

export interface ExperimentStats {
	active: number;
	running: number;
	lastActivity?: number;
}

const RECOUNT_EVERY_MS = 3000;

export function useExperiments(): AsyncValue<Experiment[]> {
	const {store, queue, changes} = useStoreHandle();
	return useAsync(() => queue.run(() => store.listExperiments('ALL')), 'experiments', changes);
}

function sameStats(a: ExperimentStats | undefined, b: ExperimentStats): boolean {
	return a !== undefined && a.active === b.active && a.running === b.running && a.lastActivity === b.lastActivity;
}

export function useExperimentStats(experiments: readonly Experiment[] | undefined): ReadonlyMap<string, ExperimentStats> {
	const {store, queue, changes} = useStoreHandle();
	const [stats, setStats] = useState<ReadonlyMap<string, ExperimentStats>>(new Map());
	const ids = experiments?.map((experiment) => experiment.experiment_id).join(',') ?? '';
	useEffect(() => {
		if (!experiments) return;
		let cancelled = false;
		let counting = false;
		let recount: NodeJS.Timeout | undefined;
		let lastCount = 0;
		const countAll = async (): Promise<void> => {
			counting = true;
			lastCount = Date.now();
			const found = new Map<string, ExperimentStats>();
			let lastFlush = Date.now();
			// Only what differs draws a frame.
			const flush = () => {
				lastFlush = Date.now();
				const pending = [...found];
				found.clear();
				setStats((previous) => (pending.every(([id, entry]) => sameStats(previous.get(id), entry)) ? previous : new Map([...previous, ...pending])));
			};
			for (const experiment of experiments) {
				if (cancelled) return;
				try {
					const runs = await queue.run(() => (cancelled ? Promise.resolve([]) : store.listRuns(experiment.experiment_id, 'ACTIVE_ONLY')), 'low');
					if (cancelled) return;
					let running = 0;
					let lastActivity = experiment.last_update_time;
					for (const record of runs) {
						if (record.run.info.status === 'RUNNING') running++;
						const activity = runActivity(record);
						if (activity !== undefined && activity > (lastActivity ?? 0)) lastActivity = activity;
					}
					const entry: ExperimentStats = {active: runs.length, running};
					if (lastActivity !== undefined) entry.lastActivity = lastActivity;
					found.set(experiment.experiment_id, entry);
				} catch {
					// Counting is a nicety; the runs pane reports read errors properly.
				}
				if (Date.now() - lastFlush > 250) flush();
			}
			if (!cancelled) flush();
			counting = false;
		};
		const later = (): void => {
			if (cancelled || recount) return;
			recount = setTimeout(
				() => {
					recount = undefined;
					if (counting) later();
					else void countAll();
				},
				Math.max(0, lastCount + RECOUNT_EVERY_MS - Date.now()),
			);
		};
		void countAll();
		const unsubscribe = changes.subscribe(later);
		return () => {
			cancelled = true;
			unsubscribe();
			if (recount) clearTimeout(recount);
		};
		// The ids stand for the list: a re-read list with the same experiments need not recount.
	}, [ids, changes]);
	return stats;
}
