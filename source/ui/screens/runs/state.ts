// The runs screen's part of the UI state: sort, folds, sideways scroll, sparkline metric.
// Its cursor follows the run under it by id (state.cursors.runs); the `/` text is
// state.searches.runs.

import {DEFAULT_SORT, type RunSort} from '../../model/run-sort.js';

export interface RunsSlice {
	sort: RunSort;
	folded: string[];
	columnScroll: number;
	/** Metric drawn as the in-row sparkline; undefined = the most used one. */
	primaryMetric?: string;
	showDeleted: boolean;
}

export const initialRuns: RunsSlice = {sort: DEFAULT_SORT, folded: [], columnScroll: 0, showDeleted: false};
