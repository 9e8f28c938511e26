// A change source the test fires by hand, as the watcher would: paths go in, and the
// store's feed turns them into store changes for the app.

import type {ChangeSource} from '../../../source/store/file/watch/change-source.js';

export class ManualSource implements ChangeSource {
	readonly mode = 'watch' as const;
	private readonly listeners = new Set<(paths: string[]) => void>();
	subscribe(listener: (paths: string[]) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
	emit(paths: string[]): void {
		for (const listener of this.listeners) listener(paths);
	}
	async close(): Promise<void> {}
}
