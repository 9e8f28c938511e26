// The runs of the experiment under the cursor: the first screenful at once, the rest page
// by page behind it (so a thousand-run experiment shows its table before it is all read),
// read again when a change concerns the experiment.

import {concernsExperiments} from '../../store/changes.js';
import type {Run, ViewType} from '../../store/types.js';
import {useStoreHandle} from '../store-context.js';
import {useAsync, type AsyncValue} from './use-async.js';

/** Enough for the first screen on any terminal; later pages are bigger. */
export const FIRST_PAGE = 100;
const PAGE = 1000;

export function useRuns(experimentId: string | undefined, showDeleted: boolean): AsyncValue<Run[]> {
	const {store, queue, changes} = useStoreHandle();
	const view: ViewType = showDeleted ? 'ALL' : 'ACTIVE_ONLY';
	const read =
		experimentId === undefined
			? undefined
			: async (publish: (partial: Run[]) => void) => {
					const runs: Run[] = [];
					const seen = new Set<string>();
					let pageToken: string | undefined;
					do {
						const token = pageToken;
						const page = await queue.run(() => store.searchRuns({experimentIds: [experimentId], view, maxResults: runs.length === 0 ? FIRST_PAGE : PAGE, ...(token ? {pageToken: token} : {})}));
						for (const run of page.runs) if (!seen.has(run.info.run_id) && seen.add(run.info.run_id)) runs.push(run);
						pageToken = page.nextPageToken;
						if (pageToken) publish([...runs]);
					} while (pageToken);
					return runs;
				};
	const ids = new Set(experimentId === undefined ? [] : [experimentId]);
	return useAsync(read, `${experimentId}:${view}`, changes, {relevant: (change) => concernsExperiments(change, ids)});
}
