// The runs of the experiment under the cursor, re-read (incrementally) on every change.

import type {RunRecord} from '../../store/backend.js';
import {useStoreHandle} from '../store-context.js';
import {useAsync, type AsyncValue} from './use-async.js';

export function useRuns(experimentId: string | undefined, showDeleted: boolean): AsyncValue<RunRecord[]> {
	const {store, queue, changes} = useStoreHandle();
	const read = experimentId === undefined ? undefined : () => queue.run(() => store.listRuns(experimentId, showDeleted ? 'ALL' : 'ACTIVE_ONLY'));
	return useAsync(read, `${experimentId}:${showDeleted}`, changes);
}
