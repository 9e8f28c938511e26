// The experiments list: one small read, so a store with many experiments opens at once.
// Their counts come from the store overview (use-store-overview.ts), in the background.

import type {Experiment} from '../../store/types.js';
import {useStoreHandle} from '../store-context.js';
import {useAsync, type AsyncValue} from './use-async.js';

export function useExperiments(): AsyncValue<Experiment[]> {
	const {store, queue, changes} = useStoreHandle();
	return useAsync(() => queue.run(() => store.listExperiments('ALL')), 'experiments', changes);
}
