// What the followers need to know about a store's shape: which experiment folders exist,
// which run folders are in them, and which runs are still running (only those get their
// metric folders followed). Reads only meta.yaml files and folder listings.

import type {Dirent} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import {readMetaText} from '../meta-text.js';
import {dirname, join} from 'node:path';
import {isExperimentFolderName, isRunFolderName, isTrashFolderName} from '../layout.js';
import {parseMeta} from '../yaml.js';

export function isExperimentFolder(name: string): boolean {
	return isExperimentFolderName(name) && !isTrashFolderName(name);
}

export const isRunFolder = isRunFolderName;

/**
 * `running`: RUNNING or SCHEDULED, so worth following. `ended`: finished, failed, killed
 * or deleted. `unknown`: no meta.yaml yet, or one caught half-written.
 */
export type RunState = 'running' | 'ended' | 'unknown';

/** A stamp that changes whenever a file is rewritten or a folder gains or loses entries. */
export async function stampOf(path: string): Promise<string | undefined> {
	try {
		const info = await stat(path);
		return `${info.mtimeMs}:${info.size}:${info.ino}`;
	} catch {
		return undefined;
	}
}

async function subfolders(dir: string): Promise<Dirent[] | undefined> {
	try {
		return (await readdir(dir, {withFileTypes: true})).filter((entry) => entry.isDirectory());
	} catch {
		return undefined;
	}
}

export async function readRunState(runDir: string): Promise<RunState> {
	// Bounded and regular files only: a FIFO named meta.yaml must not hang the watcher.
	const read = readMetaText(join(runDir, 'meta.yaml'));
	if (!read.ok) return 'unknown';
	const text = read.text;
	// MLflow writes meta.yaml with sorted keys, user_id last, and a final newline: anything
	// short of that is a rewrite in progress.
	if (!text.endsWith('\n') || !/^user_id:/m.test(text)) return 'unknown';
	const parsed = parseMeta(text);
	if (!parsed.ok) return 'unknown';
	if (parsed.meta['lifecycle_stage'] === 'deleted') return 'ended';
	const status = parsed.meta['status'];
	if (status === undefined || status === null || status === 1 || status === 2 || status === 'RUNNING' || status === 'SCHEDULED') return 'running';
	return 'ended';
}

/** Run `fn` over `items` with at most `limit` in flight (thousands of meta.yaml reads). */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await fn(items[index]!);
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}

export interface RunTrack {
	dir: string;
	state: RunState;
	/** Stamp of meta.yaml when the state was read. */
	metaStamp?: string;
}

export interface ExperimentTrack {
	dir: string;
	runs: Map<string, RunTrack>;
}

export interface LayoutDiff {
	added: string[];
	removed: string[];
}

/**
 * The experiments and runs of one store, and the state of each run. New run folders that
 * appear while following start out as `unknown`: they are followed until their meta.yaml
 * says they ended, because a run folder is created before its meta.yaml.
 */
export class StoreLayout {
	readonly experiments = new Map<string, ExperimentTrack>();

	constructor(readonly root: string) {}

	async scan(): Promise<void> {
		await this.rescanRoot({initial: true});
	}

	experimentOf(runDir: string): ExperimentTrack | undefined {
		return this.experiments.get(dirname(runDir));
	}

	run(runDir: string): RunTrack | undefined {
		return this.experimentOf(runDir)?.runs.get(runDir);
	}

	/** Runs worth following: running, or new and not yet known to have ended. */
	followed(): RunTrack[] {
		const runs: RunTrack[] = [];
		for (const experiment of this.experiments.values()) for (const run of experiment.runs.values()) if (run.state !== 'ended') runs.push(run);
		return runs;
	}

	async rescanRoot({initial = false} = {}): Promise<LayoutDiff> {
		const found = await subfolders(this.root);
		const dirs = new Set((found ?? []).filter((entry) => isExperimentFolder(entry.name)).map((entry) => join(this.root, entry.name)));
		const added = [...dirs].filter((dir) => !this.experiments.has(dir));
		const removed = [...this.experiments.keys()].filter((dir) => !dirs.has(dir));
		for (const dir of removed) this.experiments.delete(dir);
		for (const dir of added) this.experiments.set(dir, {dir, runs: new Map()});
		// Runs inside an experiment that appears later (restored from .trash, copied in) are
		// read like the initial ones: by their meta.yaml.
		await Promise.all(added.map((dir) => this.rescanExperiment(dir, {initial: true})));
		return initial ? {added: [], removed: []} : {added, removed};
	}

	async rescanExperiment(experimentDir: string, {initial = false} = {}): Promise<LayoutDiff> {
		const experiment = this.experiments.get(experimentDir);
		if (!experiment) return {added: [], removed: []};
		const found = await subfolders(experimentDir);
		const dirs = new Set((found ?? []).filter((entry) => isRunFolder(entry.name)).map((entry) => join(experimentDir, entry.name)));
		const added = [...dirs].filter((dir) => !experiment.runs.has(dir));
		const removed = [...experiment.runs.keys()].filter((dir) => !dirs.has(dir));
		for (const dir of removed) experiment.runs.delete(dir);
		await mapLimit(added, 32, async (dir) => {
			const metaStamp = await stampOf(join(dir, 'meta.yaml'));
			const state = await readRunState(dir);
			// A folder without a readable meta.yaml found at start is not a run being created
			// (artifact-only folders look like that): leave it alone until it changes.
			experiment.runs.set(dir, {dir, metaStamp, state: initial && state === 'unknown' ? 'ended' : state});
		});
		return {added, removed};
	}

	/** Re-read a run's meta.yaml; returns the state before and after. */
	async recheckRun(runDir: string): Promise<{before: RunState; after: RunState} | undefined> {
		const run = this.run(runDir);
		if (!run) return undefined;
		const before = run.state;
		run.metaStamp = await stampOf(join(runDir, 'meta.yaml'));
		const state = await readRunState(runDir);
		// A half-written meta.yaml keeps the last known state.
		if (state !== 'unknown' || before === 'unknown') run.state = state;
		return {before, after: run.state};
	}

	/**
	 * Stat the meta.yaml of every run that is not followed and re-read those that changed:
	 * catches runs deleted, restored, renamed or resumed. Returns the changed meta.yaml paths.
	 */
	async sweepEndedRuns(): Promise<string[]> {
		const ended: RunTrack[] = [];
		for (const experiment of this.experiments.values()) for (const run of experiment.runs.values()) if (run.state === 'ended') ended.push(run);
		const changed: string[] = [];
		await mapLimit(ended, 32, async (run) => {
			const path = join(run.dir, 'meta.yaml');
			const metaStamp = await stampOf(path);
			if (metaStamp === run.metaStamp) return;
			await this.recheckRun(run.dir);
			changed.push(path);
		});
		return changed;
	}
}
