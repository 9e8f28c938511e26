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

/**
 * Also tells the store that it is followed, so that it stops looking at every finished
 * run's meta.yaml on each refresh (the source reports those changes instead).
 */
export function createChangeSource(store: Pick<FileStore, 'root'> & {followed?: boolean}, options: FollowOptions = {}): ChangeSource {
	const source = options.pollMs !== undefined ? new StatPoller(store.root, {intervalMs: options.pollMs}) : new FsWatchSource(store.root);
	if ('followed' in store) store.followed = true;
	return source;
}

/** For TuiOptions.createChangeSource: `changeSourceFactory(pollMs)`. */
export function changeSourceFactory(pollMs?: number): (store: FileStore) => ChangeSource {
	return (store) => createChangeSource(store, {pollMs});
}
