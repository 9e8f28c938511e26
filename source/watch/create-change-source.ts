// The one place that decides how mlwatch follows a store: inotify watches by default,
// a stat-sweep poller when the user asks for it (--poll, for NFS and Lustre, where inotify
// does not see writes from other machines).

import type {FileStore} from '../store/file/file-store.js';
import type {ChangeSource} from './change-source.js';
import {FsWatchSource} from './fs-watch-source.js';
import {StatPoller} from './stat-poller.js';

export interface FollowOptions {
	/** Poll every this many ms instead of watching. */
	pollMs?: number;
}

export function createChangeSource(store: Pick<FileStore, 'root'>, options: FollowOptions = {}): ChangeSource {
	if (options.pollMs !== undefined) return new StatPoller(store.root, {intervalMs: options.pollMs});
	return new FsWatchSource(store.root);
}

/** For TuiOptions.createChangeSource: `changeSourceFactory(pollMs)`. */
export function changeSourceFactory(pollMs?: number): (store: FileStore) => ChangeSource {
	return (store) => createChangeSource(store, {pollMs});
}
