// Follows a file store and says what changed in store terms: the watcher (or poller)
// reports paths; here each is read by the layout rules (layout.ts), the store's cache is
// told what to read again, and the feed's listeners hear which experiments and runs
// changed, never a path.

import type {ChangeFeed, StoreChange} from '../../contract.js';
import {emptyChange} from '../../changes.js';
import {meaningOf} from '../layout.js';
import type {ChangeSource} from './change-source.js';

/** The store's side: each call marks what must be read again and names it. */
export interface FileChangeTarget {
	readonly root: string;
	everythingChanged(): void;
	experimentsChanged(): void;
	experimentChanged(experimentDir: string): string | undefined;
	experimentRunsChanged(experimentDir: string): string | undefined;
	runChanged(experimentDir: string, runDir: string, part: 'meta' | 'data'): {experimentId: string; runId: string} | undefined;
}

/** What a batch of changed paths means, with the store's cache told as it goes. */
export function translate(target: FileChangeTarget, paths: readonly string[]): StoreChange {
	const change = emptyChange();
	const experimentRuns = new Set<string>();
	const runs = new Map<string, {experimentId: string; runId: string; metrics?: Set<string>; unknownMetrics: boolean}>();
	const touch = (found: {experimentId: string; runId: string} | undefined, metric?: string, anyMetric = false) => {
		if (!found) return;
		let entry = runs.get(found.runId);
		if (!entry) runs.set(found.runId, (entry = {...found, unknownMetrics: false}));
		if (metric !== undefined) (entry.metrics ??= new Set()).add(metric);
		if (anyMetric) entry.unknownMetrics = true;
	};
	for (const path of paths) {
		const meaning = meaningOf(target.root, path);
		switch (meaning.kind) {
			case 'root':
				target.everythingChanged();
				change.everything = true;
				break;
			case 'trash':
				target.experimentsChanged();
				change.experiments = true;
				break;
			case 'registry':
				change.models = true;
				break;
			case 'experiment': {
				if (meaning.part === undefined) {
					// Created, removed or moved to the trash.
					target.experimentsChanged();
					change.experiments = true;
					const id = target.experimentRunsChanged(meaning.experimentDir);
					if (id !== undefined) experimentRuns.add(id);
				} else if (meaning.part === 'meta.yaml' || meaning.part === 'tags') {
					if (target.experimentChanged(meaning.experimentDir) === undefined) target.experimentsChanged();
					change.experiments = true;
				} else {
					// datasets/, traces/, models/: what runs refer to.
					const id = target.experimentRunsChanged(meaning.experimentDir);
					if (id !== undefined) experimentRuns.add(id);
				}
				break;
			}
			case 'run': {
				if (meaning.part === undefined) {
					// A run folder created or removed.
					const id = target.experimentRunsChanged(meaning.experimentDir);
					if (id !== undefined) experimentRuns.add(id);
					touch(target.runChanged(meaning.experimentDir, meaning.runDir, 'meta'), undefined, true);
					target.runChanged(meaning.experimentDir, meaning.runDir, 'data');
				} else if (meaning.part === 'meta.yaml') {
					touch(target.runChanged(meaning.experimentDir, meaning.runDir, 'meta'));
				} else if (meaning.part === 'metrics') {
					touch(target.runChanged(meaning.experimentDir, meaning.runDir, 'data'), meaning.key, meaning.key === undefined);
				} else if (meaning.part === 'artifacts') {
					touch(target.runChanged(meaning.experimentDir, meaning.runDir, 'data'));
				} else {
					touch(target.runChanged(meaning.experimentDir, meaning.runDir, 'data'));
				}
				break;
			}
			case 'outside':
				break;
		}
	}
	change.experimentRuns = [...experimentRuns];
	change.runs = [...runs.values()].map(({experimentId, runId, metrics, unknownMetrics}) => (metrics && !unknownMetrics ? {experimentId, runId, metrics: [...metrics].sort()} : {experimentId, runId}));
	return change;
}

export function followFileStore(target: FileChangeTarget, source: ChangeSource): ChangeFeed {
	const listeners = new Set<(change: StoreChange) => void>();
	let unsubscribe: (() => void) | undefined;
	return {
		get mode() {
			return source.mode;
		},
		get warning() {
			return source.warning;
		},
		subscribe(listener) {
			listeners.add(listener);
			unsubscribe ??= source.subscribe((paths) => {
				const change = translate(target, paths);
				for (const each of [...listeners]) each(change);
			});
			return () => {
				listeners.delete(listener);
			};
		},
		async close() {
			listeners.clear();
			unsubscribe?.();
			await source.close();
		},
	};
}
