// Follows a store by looking at it on a timer: for network filesystems (NFS, Lustre),
// where inotify never hears about writes made on other machines, and as the fallback when
// the watch limit is reached. Each sweep stats the root, the experiment folders and the
// files of running runs; the meta.yaml of every other run is looked at far less often.

import {readdir} from 'node:fs/promises';
import {join} from 'node:path';
import type {ChangeSource} from './change-source.js';
import {ChangeFanout, DEFAULT_BATCH_MS} from './change-fanout.js';
import {mapLimit, stampOf, StoreLayout} from './store-layout.js';

export interface PollOptions {
	intervalMs: number;
	/** How often runs that are not running have their meta.yaml looked at. */
	endedRunsEveryMs?: number;
	batchMs?: number;
	/** Shown on screen, e.g. why mlwatch polls instead of watching. */
	warning?: string;
}

export const DEFAULT_POLL_MS = 2000;
const DEFAULT_ENDED_EVERY_MS = 30_000;

/** Stamps of the files and folders under one running run's metrics/ folder. */
type MetricStamps = Map<string, {stamp?: string; folder: boolean}>;

export class StatPoller implements ChangeSource {
	readonly mode = 'poll' as const;
	readonly warning?: string;
	private readonly fanout: ChangeFanout;
	private readonly layout: StoreLayout;
	private readonly stamps = new Map<string, string | undefined>();
	private readonly metrics = new Map<string, MetricStamps>();
	private timer?: NodeJS.Timeout;
	private started?: Promise<void>;
	private closed = false;
	private lastEndedSweep = 0;
	/** Sweeps so far (for tests and the benchmark). */
	sweeps = 0;

	constructor(
		readonly root: string,
		private readonly options: PollOptions,
	) {
		this.warning = options.warning;
		this.fanout = new ChangeFanout(options.batchMs ?? DEFAULT_BATCH_MS);
		this.layout = new StoreLayout(root);
	}

	subscribe(listener: (paths: string[]) => void): () => void {
		const unsubscribe = this.fanout.subscribe(listener);
		void this.start();
		return unsubscribe;
	}

	/** Takes the first look (nothing is reported for what is already there). */
	start(): Promise<void> {
		this.started ??= (async () => {
			await this.layout.scan();
			await this.sweep(false);
			this.lastEndedSweep = Date.now();
			this.schedule();
		})();
		return this.started;
	}

	private schedule(): void {
		if (this.closed) return;
		this.timer = setTimeout(async () => {
			try {
				await this.sweep(true);
			} catch {
				// A folder vanishing mid-sweep is normal; the next sweep sees the new shape.
			}
			this.schedule();
		}, this.options.intervalMs);
		this.timer.unref();
	}

	/** Has `path` changed since the last look? Records the new stamp. */
	private async changed(path: string): Promise<boolean> {
		const seen = this.stamps.has(path);
		const before = this.stamps.get(path);
		const stamp = await stampOf(path);
		this.stamps.set(path, stamp);
		return seen ? stamp !== before : stamp !== undefined;
	}

	async sweep(report = true): Promise<void> {
		if (this.closed) return;
		this.sweeps++;
		const emit = (path: string) => {
			if (report) this.fanout.add(path);
		};
		const {layout, root} = this;

		if (await this.changed(root)) {
			const diff = await layout.rescanRoot();
			for (const dir of [...diff.added, ...diff.removed]) emit(dir);
		}
		await Promise.all(
			[...layout.experiments.keys()].map(async (experimentDir) => {
				const metaPath = join(experimentDir, 'meta.yaml');
				if (await this.changed(metaPath)) emit(metaPath);
				if (await this.changed(experimentDir)) {
					const diff = await layout.rescanExperiment(experimentDir);
					for (const dir of [...diff.added, ...diff.removed]) emit(dir);
					for (const dir of diff.removed) this.forget(dir);
				}
			}),
		);

		await mapLimit(layout.followed(), 16, async (run) => {
			const metaPath = join(run.dir, 'meta.yaml');
			if (await this.changed(metaPath)) {
				emit(metaPath);
				const check = await layout.recheckRun(run.dir);
				if (check?.after === 'ended') {
					this.forget(run.dir);
					return;
				}
			}
			for (const path of await this.sweepMetrics(run.dir)) emit(path);
		});

		const now = Date.now();
		if (now - this.lastEndedSweep >= (this.options.endedRunsEveryMs ?? DEFAULT_ENDED_EVERY_MS)) {
			this.lastEndedSweep = now;
			for (const path of await layout.sweepEndedRuns()) emit(path);
		}
	}

	/** Changed, new and removed files under a running run's metrics/ folder. */
	private async sweepMetrics(runDir: string): Promise<string[]> {
		let known = this.metrics.get(runDir);
		const first = !known;
		if (!known) {
			known = new Map([[join(runDir, 'metrics'), {folder: true}]]);
			this.metrics.set(runDir, known);
		}
		const changed: string[] = [];
		const folders = [...known.entries()].filter(([, entry]) => entry.folder);
		for (const [folder, entry] of folders) {
			const stamp = await stampOf(folder);
			if (stamp === entry.stamp) continue;
			entry.stamp = stamp;
			let names: Array<{name: string; folder: boolean}> = [];
			try {
				names = (await readdir(folder, {withFileTypes: true})).map((dirent) => ({name: dirent.name, folder: dirent.isDirectory()}));
			} catch {
				// not created yet, or removed
			}
			const present = new Set(names.map(({name}) => join(folder, name)));
			for (const [path] of known) {
				if (path !== folder && path.startsWith(folder + '/') && !path.slice(folder.length + 1).includes('/') && !present.has(path)) {
					known.delete(path);
					changed.push(path);
				}
			}
			for (const {name, folder: isFolder} of names) {
				const path = join(folder, name);
				if (known.has(path)) continue;
				// New folders get their listing on this same sweep (nested keys like train/loss).
				known.set(path, {folder: isFolder});
				if (isFolder) folders.push([path, known.get(path)!]);
				if (!first) changed.push(path);
			}
		}
		await Promise.all(
			[...known.entries()].map(async ([path, entry]) => {
				if (entry.folder) return;
				const stamp = await stampOf(path);
				if (stamp !== entry.stamp) {
					if (entry.stamp !== undefined && !first) changed.push(path);
					entry.stamp = stamp;
				}
			}),
		);
		return changed;
	}

	private forget(runDir: string): void {
		this.metrics.delete(runDir);
		this.stamps.delete(join(runDir, 'meta.yaml'));
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		this.fanout.close();
	}
}
