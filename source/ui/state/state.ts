// Everything the user has chosen on screen. Data read from the store is not here (each
// screen's data hook reads it). Every list's cursor is kept the same way, in `cursors`
// (by id where rows have ids, so a refresh that adds a row does not move it), and every
// list's `/` text in `searches`. Each screen's own choices are its slice, defined in its
// folder (screens/<name>/state.ts) and listed in Slices.

import type {RunRecord} from '../../store/run-record.js';
import {initialArtifact, type ArtifactSlice} from '../screens/artifact/state.js';
import {initialCompare, type CompareSlice} from '../screens/compare/state.js';
import {initialDetail, type DetailSlice} from '../screens/detail/state.js';
import {initialExperiments, type ExperimentsSlice} from '../screens/experiments/state.js';
import {initialRuns, type RunsSlice} from '../screens/runs/state.js';
import {initialWebUi, type WebUiSlice} from '../screens/webui/state.js';

export {DETAIL_TABS, type DetailTab, type XAxis} from '../screens/detail/state.js';

export type Overlay =
	/** The `/` input for the list `list`; `grammar`: MLflow's filter expressions apply there. */
	| {kind: 'filter'; list: string; text: string; cursor: number; previous: string; grammar: boolean}
	| {kind: 'sort'}
	| {kind: 'export'};

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

/** Where a list's cursor is: on the row with `id` while it is there, else at `index`. */
export interface Cursor {
	index: number;
	id?: string;
}

export interface Slices {
	experiments: ExperimentsSlice;
	runs: RunsSlice;
	detail: DetailSlice;
	compare: CompareSlice;
	artifact: ArtifactSlice;
	webui: WebUiSlice;
}

export interface UiState extends Slices {
	/** The focused pane (a screen id from the registry). */
	pane: string;
	/** Where Esc goes back to. */
	back: string[];
	overlay?: Overlay;
	message?: Message;
	marks: Mark[];
	cursors: Record<string, Cursor>;
	/** Applied `/` texts, by list. */
	searches: Record<string, string>;
}

/** The row a cursor is on, among `count` rows with these ids (when the rows have ids). */
export function resolveCursor(cursor: Cursor | undefined, count: number, ids?: readonly string[]): number {
	const at = cursor?.id !== undefined && ids ? ids.indexOf(cursor.id) : -1;
	const index = at >= 0 ? at : (cursor?.index ?? 0);
	return Math.max(0, Math.min(index, count - 1));
}

/** The `/` text a list is filtered by: what is being typed, else what was applied. */
export function searchText(state: UiState, list: string): string {
	const overlay = state.overlay;
	return overlay?.kind === 'filter' && overlay.list === list ? overlay.text : (state.searches[list] ?? '');
}

export function initialState(options: {experimentId?: string; pane?: string} = {}): UiState {
	return {
		pane: options.pane ?? 'experiments',
		back: [],
		marks: [],
		cursors: options.experimentId === undefined ? {} : {experiments: {index: 0, id: options.experimentId}},
		searches: {},
		experiments: initialExperiments,
		runs: initialRuns,
		detail: initialDetail,
		compare: initialCompare,
		artifact: initialArtifact,
		webui: initialWebUi,
	};
}
