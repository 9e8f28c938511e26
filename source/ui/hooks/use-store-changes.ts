// Connects the store's change feed to the data hooks through StoreChanges (throttled);
// `refresh` (the r key) makes the store forget what it cached and every hook re-read.

import {useCallback, useEffect, useMemo} from 'react';
import type {ChangeFeed, TrackingStore} from '../../store/contract.js';
import {StoreChanges} from '../store-changes.js';

export function useStoreChanges(store: TrackingStore, feed: ChangeFeed, throttleMs?: number): {changes: StoreChanges; refresh: () => void} {
	const changes = useMemo(() => new StoreChanges(throttleMs), [throttleMs]);

	useEffect(() => {
		const unsubscribe = feed.subscribe((change) => changes.changed(change));
		return () => {
			unsubscribe();
			changes.close();
		};
	}, [feed, changes]);

	const refresh = useCallback(() => {
		store.refresh();
		changes.now();
	}, [store, changes]);

	return {changes, refresh};
}
