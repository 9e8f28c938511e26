// Every RUNNING run in the store, for the "running now" screen: read while the screen is
// on (the pane calls this, and is mounted only while shown) and again on store changes,
// at most once a second: it lists every experiment (a quarter of a second warm on a
// store of 5000 runs), and ages on this screen are in seconds anyway.

import {useEffect, useMemo} from 'react';
import {runningNow} from '../../live/running-now.js';
import type {RunningEntry} from '../model/running-rows.js';
import {StoreChanges} from '../store-changes.js';
import {useStoreHandle} from '../store-context.js';
import {useAsync, type AsyncValue} from './use-async.js';

export const RUNNING_REFRESH_MS = 1000;

export function useRunningNow(enabled = true): AsyncValue<RunningEntry[]> {
	const {store, queue, changes} = useStoreHandle();
	// One slower stream per store change stream.
	const slower = useMemo(() => new StoreChanges(RUNNING_REFRESH_MS), [changes]);
	useEffect(() => {
		const unsubscribe = changes.subscribe(() => slower.changed());
		return () => {
			unsubscribe();
			slower.close();
		};
	}, [changes, slower]);
	// Experiments are re-read as new objects each time; keeping only their names lets an
	// answer that changed nothing compare equal and draw nothing.
	const read = enabled ? () => queue.run(async () => (await runningNow(store)).map(({experiment, record}) => ({experimentName: experiment.name, record}))) : undefined;
	return useAsync(read, 'running-now', slower);
}
