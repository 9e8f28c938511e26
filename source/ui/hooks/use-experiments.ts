// The experiments list: one small read, so a store with many experiments opens at once.
// Their counts come from the store overview (use-store-overview.ts), in the background.

import {allExperiments} from '../../store/queries.js';
import type {Experiment} from '../../store/types.js';
import {useStoreHandle} from '../store-context.js';
import {useAsync, type AsyncValue} from './use-async.js';

export function useExperiments(): AsyncValue<Experiment[]> {
	const {store, queue, changes} = useStoreHandle();
	return useAsync(() => queue.run(() => allExperiments(store, 'ALL')), 'experiments', changes, {relevant: (change) => change.everything || change.experiments});
}
