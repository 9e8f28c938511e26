// The watches on one running run: its folder (for meta.yaml being rewritten and metrics/
// appearing), its tags/ and params/ folders and its metrics/ folder tree. One inotify
// watch per folder, not per file: a
// folder watch already hears about every file in it, and a training job appends to its
// metric files many times a second. (chokidar, used for the store's shape, answers each
// such event with a stat and a re-listing of the folder: measured at more than a core
// under 10,000 lines a second, against a few percent here; docs/performance.md.)

import {watch, type FSWatcher} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';

export interface RunWatchEvents {
	/** Something at `path` changed (a metric file, meta.yaml, a new key folder). */
	changed(path: string): void;
	/** meta.yaml was rewritten: the run may have ended. */
	metaChanged(): void;
	/** A watch could not be set up for a reason other than the folder being gone. */
	failed(error: NodeJS.ErrnoException): void;
}

export class RunWatch {
	private readonly watchers = new Map<string, FSWatcher>();
	private closed = false;

	constructor(
		readonly runDir: string,
		private readonly events: RunWatchEvents,
	) {}

	/** Resolves once the folders that exist now are watched. */
	async start(): Promise<void> {
		this.watchFolder(this.runDir, (name) => {
			if (name === 'meta.yaml') {
				this.events.changed(join(this.runDir, name));
				this.events.metaChanged();
			} else if (name === 'metrics') {
				void this.watchTree(join(this.runDir, 'metrics'), true);
			} else if (name === 'tags' || name === 'params') {
				this.watchKeys(join(this.runDir, name));
			}
		});
		// Tags and params of a running run change seldom, but the store re-reads a followed
		// run only when told it changed.
		this.watchKeys(join(this.runDir, 'tags'));
		this.watchKeys(join(this.runDir, 'params'));
		await this.watchTree(join(this.runDir, 'metrics'), false);
	}

	private watchKeys(dir: string): void {
		this.watchFolder(dir, (name) => this.events.changed(join(dir, name)));
	}

	/** Number of folders watched (one inotify watch each). */
	get size(): number {
		return this.watchers.size;
	}

	private watchFolder(dir: string, onName: (name: string, created: boolean) => void): boolean {
		if (this.closed || this.watchers.has(dir)) return false;
		let watcher: FSWatcher;
		try {
			// 'rename' is an entry created or removed; 'change' is a write to an existing one.
			watcher = watch(dir, {persistent: true}, (event, name) => {
				if (name) onName(name.toString(), event === 'rename');
			});
		} catch (error) {
			this.gone(dir, error as NodeJS.ErrnoException);
			return false;
		}
		watcher.on('error', (error: NodeJS.ErrnoException) => this.gone(dir, error));
		this.watchers.set(dir, watcher);
		return true;
	}

	/**
	 * A metrics folder and every key folder below it (keys with `/` are nested folders).
	 * `report`: the folder is new, so files written into it before its watch was in place
	 * are reported as changed.
	 */
	private async watchTree(dir: string, report: boolean): Promise<void> {
		const added = this.watchFolder(dir, (name, created) => {
			const path = join(dir, name);
			this.events.changed(path);
			// A new nested key (train/loss) arrives as a new folder: watch it too. Appends
			// are 'change' events and cost nothing beyond the line above.
			if (created && !this.watchers.has(path)) void this.watchIfFolder(path);
		});
		if (!added) return;
		let entries: Array<{name: string; folder: boolean}> = [];
		try {
			entries = (await readdir(dir, {withFileTypes: true})).map((entry) => ({name: entry.name, folder: entry.isDirectory()}));
		} catch {
			// removed meanwhile
		}
		if (report) for (const entry of entries) if (!entry.folder) this.events.changed(join(dir, entry.name));
		await Promise.all(entries.filter((entry) => entry.folder).map((entry) => this.watchTree(join(dir, entry.name), report)));
	}

	private async watchIfFolder(path: string): Promise<void> {
		try {
			if ((await stat(path)).isDirectory()) await this.watchTree(path, true);
		} catch {
			// a file, or already gone
		}
	}

	private gone(dir: string, error: NodeJS.ErrnoException): void {
		this.watchers.get(dir)?.close();
		this.watchers.delete(dir);
		// A folder that does not exist (yet, or any more) is normal; anything else is not.
		if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR' && error.code !== 'EPERM' && !this.closed) this.events.failed(error);
	}

	close(): void {
		this.closed = true;
		for (const watcher of this.watchers.values()) watcher.close();
		this.watchers.clear();
	}
}
