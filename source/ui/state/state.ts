// Everything the user has chosen on screen: focus, selection, marks, sort, filter, scroll,
// chart choice and toggles. Data read from the store is not here (see use-ui-data.ts);
// selections are kept by id so that a refresh that adds a run does not move the cursor.

import type {RunRecord} from '../../store/run-record.js';
import type {Direction} from '../model/metric-direction.js';
import {DEFAULT_SORT, type RunSort} from '../model/run-sort.js';

export const DETAIL_TABS = ['metrics', 'params', 'tags', 'artifacts', 'inputs', 'models'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];
export type XAxis = 'step' | 'time';

export type Overlay = {kind: 'filter'; text: string; cursor: number; previous: string} | {kind: 'sort'; index: number};

export interface Message {
	text: string;
	tone: 'info' | 'warn' | 'error';
	serial: number;
}

export interface Mark {
	id: string;
	/** The run as it was when marked; refreshed from the store while comparing. */
	record: RunRecord;
}

export interface UiState {
	/** The focused pane (an id from the screen registry). */
	pane: string;
	/** Where Esc goes back to. */
	back: string[];
	overlay?: Overlay;
	message?: Message;
	showDeletedExperiments: boolean;
	/** The experiment under the cursor, whose runs are listed. */
	experimentId?: string;
	runs: {
		selectedId?: string;
		/** The applied filter (MLflow grammar); '' for none. */
		filter: string;
		sort: RunSort;
		folded: string[];
		columnScroll: number;
		/** Metric drawn as the in-row sparkline; undefined = the most used one. */
		primaryMetric?: string;
		showDeleted: boolean;
	};
	detail: {
		/** Set when a run was opened from outside the runs list (compare, models). */
		runId?: string;
		tab: DetailTab;
		/** Cursor within the tab. */
		index: number;
		chartZoom: boolean;
		showSystemTags: boolean;
		xAxis: XAxis;
	};
	marks: Mark[];
	compare: {
		row: number;
		column: number;
		diffOnly: boolean;
		baselineId?: string;
		directions: Record<string, Direction>;
		view: 'table' | 'chart';
		chartMetric?: string;
		xAxis: XAxis;
	};
	models: {index: number};
	help: {scroll: number};
	/** Cursors of screens plugged in later (health, web UI), by screen id. */
	extra: Record<string, number>;
	/** For those whose rows are runs: the run under the cursor, which it follows when the rows re-order. */
	extraIds: Record<string, string>;
}

/** Where a plugged-in screen's cursor is: on its run if the rows report ids and it is still there, else where it was. */
export function extraCursor(state: UiState, screen: string, ids?: readonly string[]): number {
	const at = ids && state.extraIds[screen] !== undefined ? ids.indexOf(state.extraIds[screen]) : -1;
	const index = at >= 0 ? at : (state.extra[screen] ?? 0);
	return ids ? Math.min(index, Math.max(0, ids.length - 1)) : index;
}

export function initialState(options: {experimentId?: string; pane?: string} = {}): UiState {
	const state: UiState = {
		pane: options.pane ?? 'experiments',
		back: [],
		showDeletedExperiments: false,
		runs: {filter: '', sort: DEFAULT_SORT, folded: [], columnScroll: 0, showDeleted: false},
		detail: {tab: 'metrics', index: 0, chartZoom: false, showSystemTags: false, xAxis: 'step'},
		marks: [],
		compare: {row: 0, column: 0, diffOnly: true, directions: {}, view: 'table', xAxis: 'step'},
		models: {index: 0},
		help: {scroll: 0},
		extra: {},
		extraIds: {},
	};
	if (options.experimentId !== undefined) state.experimentId = options.experimentId;
	return state;
}
