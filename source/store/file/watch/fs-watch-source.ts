// Follows a store with inotify, narrowly: the store folder and each experiment folder one
// level deep through chokidar (runs and experiments appearing or going), and for each
// running run only its own folder and metrics/ tree, one watch per folder (run-watch.ts).
// Finished runs cost no watches; their meta.yaml is looked at every half minute to catch
// deletes, renames and resumed runs.
// When the system runs out of watches (ENOSPC) or descriptors (EMFILE), it falls back to
// polling and says so.

import type {FSWatcher} from 'chokidar';
import {basename, dirname, join} from 'node:path';
import type {ChangeSource} from './change-source.js';
import {ChangeFanout, DEFAULT_BATCH_MS} from './change-fanout.js';
import {RunWatch} from './run-watch.js';
import {isExperimentFolder, isRunFolder, StoreLayout} from './store-layout.js';
import {DEFAULT_POLL_MS, StatPoller} from './stat-poller.js';

export interface WatchOptions {
	batchMs?: number;
	/** Interval of the polling fallback. */
	fallbackPollMs?: number;
	/** How often runs that are not running have their meta.yaml looked at. */
	endedRunsEveryMs?: number;
}

const ENDED_EVERY_MS = 30_000;
const LIMIT_ERRORS = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

function limitMessage(code: string, pollMs: number): string {
	const every = pollMs % 1000 === 0 ? `${pollMs / 1000} s` : `${pollMs} ms`;
	const what = code === 'ENOSPC' ? 'the system limit on file watches is reached' : 'too many open files';
	const fix = code === 'ENOSPC' ? ' (raise fs.inotify.max_user_watches)' : '';
	return `${what}${fix}; polling every ${every} instead`;
}

export class FsWatchSource implements ChangeSource {
	private readonly fanout: ChangeFanout;
	private readonly layout: StoreLayout;
	private shape?: FSWatcher;
	private readonly runWatchers = new Map<string, RunWatch>();
	private fallback?: StatPoller;
	private fallbackWarning?: string;
	private endedTimer?: NodeJS.Timeout;
	private started?: Promise<void>;
	private closed = false;
	/** Set-ups still waiting for chokidar's 'ready' (released on close). */
	private readonly waiting = new Set<() => void>();

	constructor(
		readonly root: string,
		private readonly options: WatchOptions = {},
	) {
		this.fanout = new ChangeFanout(options.batchMs ?? DEFAULT_BATCH_MS);
		this.layout = new StoreLayout(root);
	}

	get mode(): 'watch' | 'poll' {
		return this.fallback ? 'poll' : 'watch';
	}

	get warning(): string | undefined {
		return this.fallbackWarning;
	}

	/** Runs whose metric folders are being watched (for tests and the benchmark). */
	get followedRuns(): string[] {
		return [...this.runWatchers.keys()];
	}

	subscribe(listener: (paths: string[]) => void): () => void {
		const unsubscribe = this.fanout.subscribe(listener);
		void this.start();
		return unsubscribe;
	}

	/** Scan the store and set up the watches; resolves once they are in place. */
	start(): Promise<void> {
		this.started ??= this.setUp();
		return this.started;
	}

	private async setUp(): Promise<void> {
		// Loaded here, not at startup: headless commands never watch.
		const {watch} = await import('chokidar');
		await this.layout.scan();
		if (this.closed) return;
		const shape = watch([this.root, ...this.layout.experiments.keys()], {ignoreInitial: true, depth: 0, persistent: true});
		this.shape = shape;
		shape.on('addDir', (path) => void this.onFolderAdded(path));
		shape.on('unlinkDir', (path) => this.onFolderRemoved(path));
		shape.on('add', (path) => this.onShapeFile(path));
		shape.on('change', (path) => this.onShapeFile(path));
		shape.on('unlink', (path) => this.onShapeFile(path));
		shape.on('error', (error) => this.onError(error));
		const ready = [this.ready(shape)];
		for (const run of this.layout.followed()) ready.push(this.follow(run.dir));
		await Promise.all(ready);
		const every = this.options.endedRunsEveryMs ?? ENDED_EVERY_MS;
		this.endedTimer = setInterval(() => void this.sweepEnded(), every);
		this.endedTimer.unref();
	}

	private emit(path: string): void {
		this.fanout.add(path);
	}

	/**
	 * Watch a running run's meta.yaml and metrics/ (which may not exist yet). `announce`: a
	 * run found while following; whatever it wrote before its watches were in place is
	 * reported by reporting the run once more when they are.
	 */
	private async follow(runDir: string, announce = false): Promise<void> {
		if (this.closed || this.fallback || this.runWatchers.has(runDir)) return;
		const watch = new RunWatch(runDir, {
			changed: (path) => this.emit(path),
			metaChanged: () => void this.onRunMetaChanged(runDir),
			failed: (error) => this.onError(error),
		});
		this.runWatchers.set(runDir, watch);
		await watch.start();
		if (announce) this.emit(runDir);
	}

	/** Resolves when chokidar is ready, or when the watcher is closed before that. */
	private ready(watcher: FSWatcher): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				this.waiting.delete(done);
				resolve();
			};
			this.waiting.add(done);
			watcher.once('ready', done);
		});
	}

	private unfollow(runDir: string): void {
		this.runWatchers.get(runDir)?.close();
		this.runWatchers.delete(runDir);
	}

	private async onRunMetaChanged(runDir: string): Promise<void> {
		const check = await this.layout.recheckRun(runDir);
		if (check?.after === 'ended') this.unfollow(runDir);
	}

	private async onFolderAdded(path: string): Promise<void> {
		const parent = dirname(path);
		const name = basename(path);
		if (parent === this.root) {
			if (!isExperimentFolder(name)) return;
			await this.layout.rescanRoot();
			this.shape?.add(path);
			this.emit(path);
			for (const run of this.layout.experiments.get(path)?.runs.values() ?? []) if (run.state !== 'ended') await this.follow(run.dir, true);
			return;
		}
		if (this.layout.experiments.has(parent) && isRunFolder(name)) {
			await this.layout.rescanExperiment(parent);
			this.emit(path);
			const run = this.layout.run(path);
			if (run && run.state !== 'ended') await this.follow(path, true);
		}
	}

	private onFolderRemoved(path: string): void {
		const parent = dirname(path);
		if (parent === this.root && this.layout.experiments.has(path)) {
			for (const runDir of this.layout.experiments.get(path)!.runs.keys()) this.unfollow(runDir);
			this.layout.experiments.delete(path);
			this.emit(path);
		} else if (this.layout.experiments.has(parent)) {
			this.layout.experiments.get(parent)!.runs.delete(path);
			this.unfollow(path);
			this.emit(path);
		}
	}

	/** Only experiment meta.yaml files matter at this depth (renamed, deleted, restored). */
	private onShapeFile(path: string): void {
		if (basename(path) === 'meta.yaml' && this.layout.experiments.has(dirname(path))) this.emit(path);
	}

	private async sweepEnded(): Promise<void> {
		if (this.closed || this.fallback) return;
		for (const path of await this.layout.sweepEndedRuns()) {
			this.emit(path);
			const runDir = dirname(path);
			if (this.layout.run(runDir)?.state === 'running') await this.follow(runDir, true);
		}
	}

	private onError(error: unknown): void {
		const code = (error as NodeJS.ErrnoException)?.code ?? '';
		if (!LIMIT_ERRORS.has(code) || this.fallback || this.closed) return;
		void this.fallBackToPolling(code);
	}

	private async fallBackToPolling(code: string): Promise<void> {
		const intervalMs = this.options.fallbackPollMs ?? DEFAULT_POLL_MS;
		this.fallbackWarning = limitMessage(code, intervalMs);
		this.fallback = new StatPoller(this.root, {intervalMs, batchMs: this.options.batchMs, warning: this.fallbackWarning});
		this.fallback.subscribe((paths) => {
			for (const path of paths) this.emit(path);
		});
		await this.closeWatchers();
		await this.fallback.start();
		// Whatever changed while switching over went unseen, and the screen should show the
		// warning now: report the whole store as changed once.
		this.emit(this.root);
	}

	private async closeWatchers(): Promise<void> {
		if (this.endedTimer) clearInterval(this.endedTimer);
		for (const watch of this.runWatchers.values()) watch.close();
		this.runWatchers.clear();
		const shape = this.shape;
		this.shape = undefined;
		await shape?.close();
		for (const done of [...this.waiting]) done();
	}

	async close(): Promise<void> {
		this.closed = true;
		this.fanout.close();
		await this.closeWatchers();
		await this.fallback?.close();
	}
}
