// The store the UI reads, shared with every data hook.

import {createContext, useContext} from 'react';
import type {ChangeFeed, TrackingStore} from '../store/contract.js';
import type {StoreChanges} from './store-changes.js';
import type {StoreQueue} from './store-queue.js';

export interface StoreHandle {
	store: TrackingStore;
	queue: StoreQueue;
	feed: ChangeFeed;
	/** Notices that the store changed; data hooks re-read on those that concern them. */
	changes: StoreChanges;
	refresh: () => void;
}

export const StoreContext = createContext<StoreHandle | undefined>(undefined);

export function useStoreHandle(): StoreHandle {
	const handle = useContext(StoreContext);
	if (!handle) throw new Error('useStoreHandle outside <StoreContext.Provider>');
	return handle;
}
