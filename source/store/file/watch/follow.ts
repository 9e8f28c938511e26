// Follows a file store and says what changed in store terms: the watcher (or poller)
// reports paths; here each is read by the layout rules (layout.ts), the store's cache is
// told what to read again, and the feed's listeners hear which experiments and runs
// changed, never a path.

import type {ChangeFeed, StoreChange} from '../../contract.js';
import {emptyChange} from '../../changes.js';
import {meaningOf} from '../layout.js';
import type {ChangeSource} from './change-source.js';

/** The store's side: each call marks what its cache must read again. */
export interface FileChangeTarget {
	readonly root: string;
	everythingChanged(): void;
	experimentsChanged(): void;
	/** Undefined when the experiment is not known yet. */
	experimentChanged(experimentDir: string): string | undefined;
	experimentRunsChanged(experimentDir: string): void;
	runChanged(experimentDir: string, runDir: string, part: 'meta' | 'data'): void;
}

/** What a batch of changed paths means, with the store's cache told as it goes. */
export function translate(target: FileChangeTarget, paths: readonly string[]): StoreChange {
	const change = emptyChange();
	const experimentRuns = new Set<string>();
	const runs = new Map<string, {experimentId: string; runId: string; metrics?: Set<string>; unknownMetrics: boolean}>();
	const touch = (found: {experimentId: string; runId: string}, metric?: string, anyMetric = false) => {
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
				const id = meaning.experimentId;
				if (meaning.part === undefined) {
					// Created, removed or moved to the trash.
					target.experimentsChanged();
					target.experimentRunsChanged(meaning.experimentDir);
					change.experiments = true;
					experimentRuns.add(id);
				} else if (meaning.part === 'meta.yaml' || meaning.part === 'tags') {
					if (target.experimentChanged(meaning.experimentDir) === undefined) target.experimentsChanged();
					change.experiments = true;
				} else {
					// datasets/, traces/, models/: what runs refer to.
					target.experimentRunsChanged(meaning.experimentDir);
					experimentRuns.add(id);
				}
				break;
			}
			case 'run': {
				const found = {experimentId: meaning.experimentId, runId: meaning.runId};
				if (meaning.part === undefined) {
					// A run folder created or removed.
					target.experimentRunsChanged(meaning.experimentDir);
					experimentRuns.add(meaning.experimentId);
					target.runChanged(meaning.experimentDir, meaning.runDir, 'meta');
					target.runChanged(meaning.experimentDir, meaning.runDir, 'data');
					touch(found, undefined, true);
				} else if (meaning.part === 'meta.yaml') {
					// The data too: a run that ends stops being watched, and writes just before
					// its last status change may never be reported.
					target.runChanged(meaning.experimentDir, meaning.runDir, 'meta');
					target.runChanged(meaning.experimentDir, meaning.runDir, 'data');
					touch(found, undefined, true);
				} else if (meaning.part === 'metrics') {
					target.runChanged(meaning.experimentDir, meaning.runDir, 'data');
					touch(found, meaning.key, meaning.key === undefined);
				} else {
					// params/, tags/, inputs/, outputs/, artifacts/.
					target.runChanged(meaning.experimentDir, meaning.runDir, 'data');
					touch(found);
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

/**
 * `startWhen`: setting up the watches reads every run's meta.yaml and starts a watcher per
 * running run; it waits until the first questions are answered, so the first screen is
 * not read in competition with it. Whatever changed before the watches were in place is
 * caught by reporting the whole store as changed once they are.
 */
export function followFileStore(target: FileChangeTarget, source: ChangeSource, startWhen: () => Promise<void> = async () => {}): ChangeFeed {
	const listeners = new Set<(change: StoreChange) => void>();
	const emit = (change: StoreChange) => {
		for (const each of [...listeners]) each(change);
	};
	let started: Promise<void> | undefined;
	let closed = false;
	let unsubscribe: (() => void) | undefined;
	const listen = () => {
		unsubscribe = source.subscribe((paths) => emit(translate(target, paths)));
	};
	const start = (): Promise<void> => {
		if (started) return started;
		// A source with nothing to set up (a test's own) listens at once.
		if (!source.start) {
			listen();
			return (started = Promise.resolve());
		}
		const setUp = source.start.bind(source);
		return (started = startWhen().then(async () => {
			if (closed) return;
			listen();
			await setUp();
			if (!closed) emit(translate(target, [target.root]));
		}));
	};
	return {
		get mode() {
			return source.mode;
		},
		get warning() {
			return source.warning;
		},
		subscribe(listener) {
			listeners.add(listener);
			void start();
			return () => {
				listeners.delete(listener);
			};
		},
		ready() {
			return start();
		},
		async close() {
			closed = true;
			listeners.clear();
			unsubscribe?.();
			await source.close();
		},
	};
}
