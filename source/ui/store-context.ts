// The store the UI reads, shared with every data hook.

import {createContext, useContext} from 'react';
import type {FileStore} from '../store/file/file-store.js';
import type {ChangeSource} from '../watch/change-source.js';
import type {StoreQueue} from './store-queue.js';

export interface StoreHandle {
	store: FileStore;
	queue: StoreQueue;
	source: ChangeSource;
	/** Bumped whenever the store changed; data hooks re-read on it. */
	version: number;
	refresh: () => void;
}

export const StoreContext = createContext<StoreHandle | undefined>(undefined);

export function useStoreHandle(): StoreHandle {
	const handle = useContext(StoreContext);
	if (!handle) throw new Error('useStoreHandle outside <StoreContext.Provider>');
	return handle;
}
