// Connects the change source (watcher or poller) to the store and to the data hooks:
// every changed path invalidates what the store cached under it, then the hooks hear
// of it through StoreChanges (throttled). `refresh` (the r key) re-reads everything.

import {useCallback, useEffect, useMemo} from 'react';
import type {FileStore} from '../../store/file/file-store.js';
import type {ChangeSource} from '../../watch/change-source.js';
import {StoreChanges} from '../store-changes.js';

export function useStoreChanges(store: FileStore, source: ChangeSource, throttleMs?: number): {changes: StoreChanges; refresh: () => void} {
	const changes = useMemo(() => new StoreChanges(throttleMs), [throttleMs]);

	useEffect(() => {
		const unsubscribe = source.subscribe((paths) => {
			for (const path of paths) store.invalidate(path);
			changes.changed();
		});
		return () => {
			unsubscribe();
			changes.close();
		};
	}, [store, source, changes]);

	const refresh = useCallback(() => {
		store.invalidate(store.root);
		changes.now();
	}, [store, changes]);

	return {changes, refresh};
}
