// What the file watcher and the stat poller hand to follow.ts: batches of absolute paths
// under the store root that changed. Nothing outside the file store sees paths; follow.ts
// turns them into store changes.

export interface ChangeSource {
	/** 'watch' (inotify via chokidar), 'poll' (stat sweep), or 'none' (static snapshot). */
	readonly mode: 'watch' | 'poll' | 'none';
	/** Shown on screen when set, e.g. "inotify limit reached; polling every 2 s". */
	readonly warning?: string;
	subscribe(listener: (paths: string[]) => void): () => void;
	/** Resolves once the watches (or the first sweep) are in place. */
	start?(): Promise<void>;
	close(): Promise<void>;
}
