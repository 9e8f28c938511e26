// The contract between whatever notices store changes (fs watcher, stat poller) and
// whoever re-reads (the TUI's data hooks). Paths are absolute paths under the store root
// that changed; consumers call FileStore.invalidate(path) and re-query.

export interface ChangeSource {
	/** 'watch' (inotify via chokidar), 'poll' (stat sweep), or 'none' (static snapshot). */
	readonly mode: 'watch' | 'poll' | 'none';
	/** Shown on screen when set, e.g. "inotify limit reached; polling every 2 s". */
	readonly warning?: string;
	subscribe(listener: (paths: string[]) => void): () => void;
	close(): Promise<void>;
}

/** A source that never reports anything: for tests and one-shot views. */
export const staticSource: ChangeSource = {
	mode: 'none',
	subscribe: () => () => {},
	close: async () => {},
};
