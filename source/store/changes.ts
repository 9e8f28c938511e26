// Store changes as values: empty, merged, and asked whether they concern what a screen
// shows. Every backend's change feed speaks in these terms.

import type {StoreChange} from './contract.js';

export function emptyChange(): StoreChange {
	return {experiments: false, experimentRuns: [], runs: [], models: false, everything: false};
}

export const EVERYTHING: StoreChange = Object.freeze({...emptyChange(), everything: true});

export function mergeChanges(a: StoreChange, b: StoreChange): StoreChange {
	if (a.everything || b.everything) return EVERYTHING;
	const runs = new Map<string, StoreChange['runs'][number]>();
	for (const run of [...a.runs, ...b.runs]) {
		const known = runs.get(run.runId);
		if (!known) runs.set(run.runId, run);
		else if (known.metrics && run.metrics) runs.set(run.runId, {...known, metrics: [...new Set([...known.metrics, ...run.metrics])].sort()});
		else runs.set(run.runId, {experimentId: run.experimentId, runId: run.runId});
	}
	return {
		experiments: a.experiments || b.experiments,
		experimentRuns: [...new Set([...a.experimentRuns, ...b.experimentRuns])],
		runs: [...runs.values()],
		models: a.models || b.models,
		everything: false,
	};
}

export function isEmptyChange(change: StoreChange): boolean {
	return !change.everything && !change.experiments && !change.models && change.experimentRuns.length === 0 && change.runs.length === 0;
}

/** Anything about the runs of these experiments (a run added, removed or changed). */
export function concernsExperiments(change: StoreChange, experimentIds: ReadonlySet<string> | 'any'): boolean {
	if (change.everything) return true;
	if (experimentIds === 'any') return change.experimentRuns.length > 0 || change.runs.length > 0;
	return change.experimentRuns.some((id) => experimentIds.has(id)) || change.runs.some((run) => experimentIds.has(run.experimentId));
}

/** Anything about these runs; with `key`, only changes that may touch that metric. */
export function concernsRuns(change: StoreChange, runIds: ReadonlySet<string>, key?: string): boolean {
	if (change.everything) return true;
	return change.runs.some((run) => runIds.has(run.runId) && (key === undefined || run.metrics === undefined || run.metrics.includes(key)));
}
