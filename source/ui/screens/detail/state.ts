// The run detail's part of the UI state. Each section keeps its own cursor
// (state.cursors['detail:params'], …), reset when another run is opened.

import type {UiEvent} from '../../state/reducer.js';

export const DETAIL_TABS = ['metrics', 'params', 'tags', 'artifacts', 'inputs', 'models'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];
export type XAxis = 'step' | 'time';

export interface DetailSlice {
	/** Set when a run was opened from outside the runs list (compare, models, running now). */
	runId?: string;
	tab: DetailTab;
	chartZoom: boolean;
	showSystemTags: boolean;
	xAxis: XAxis;
}

export const initialDetail: DetailSlice = {tab: 'metrics', chartZoom: false, showSystemTags: false, xAxis: 'step'};

/** The cursor list of a section. */
export function detailList(tab: DetailTab): string {
	return `detail:${tab}`;
}

/** Opening a run: the detail shows it (undefined: the run under the runs cursor), from the top. */
export function openRun(id?: string): UiEvent[] {
	return [
		{type: 'patch', slice: 'detail', patch: {runId: id, chartZoom: false}},
		{type: 'reset-cursors', prefix: 'detail:'},
	];
}
