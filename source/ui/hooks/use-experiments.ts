// The experiments list first (one small read), then, in the background and one
// experiment at a time, how many runs each has, how many are running and when it was
// last written to: a store with many experiments opens at once instead of after
// reading every run.

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

export function useExperiments(): AsyncValue<Experiment[]> {
	const {store, queue, version} = useStoreHandle();
	return useAsync(() => queue.run(() => store.listExperiments('ALL')), 'experiments', version);
}

export function useExperimentStats(experiments: readonly Experiment[] | undefined): ReadonlyMap<string, ExperimentStats> {
	const {store, queue, version} = useStoreHandle();
	const [stats, setStats] = useState<ReadonlyMap<string, ExperimentStats>>(new Map());
	const ids = experiments?.map((experiment) => experiment.experiment_id).join(',') ?? '';
	useEffect(() => {
		if (!experiments) return;
		let cancelled = false;
		const found = new Map<string, ExperimentStats>();
		let lastFlush = 0;
		const flush = () => {
			lastFlush = Date.now();
			setStats((previous) => new Map([...previous, ...found]));
		};
		void (async () => {
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
		})();
		return () => {
			cancelled = true;
		};
		// The ids stand for the list: a re-read list with the same experiments need not recount.
	}, [ids, version]);
	return stats;
}
