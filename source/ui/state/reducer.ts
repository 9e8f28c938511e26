// The one reducer: small pure updates of UiState. Key handlers decide what to do (they
// can see the data); this only records it. A screen may react to events in its own
// slice (its `reduce` in the registry), e.g. the runs screen starts afresh when another
// experiment is chosen.

import type {RunRecord} from '../../store/run-record.js';
import {runId} from '../model/run-label.js';
import {screenReducers} from '../screens.js';
import type {Cursor, Message, Overlay, Slices, UiState} from './state.js';

type Patch = {[K in keyof Slices]: {type: 'patch'; slice: K; patch: Partial<Slices[K]>}}[keyof Slices];

export type UiEvent =
	| {type: 'focus'; pane: string; remember?: boolean}
	| {type: 'back'; fallback: string}
	| {type: 'overlay'; overlay?: Overlay}
	| {type: 'message'; text: string; tone?: Message['tone']}
	| {type: 'clear-message'; serial: number}
	| {type: 'cursor'; list: string; index: number; id?: string | undefined}
	/** Forget the cursors of lists whose id starts with `prefix`. */
	| {type: 'reset-cursors'; prefix: string}
	| {type: 'search'; list: string; text: string}
	| Patch
	| {type: 'toggle-mark'; record: RunRecord}
	| {type: 'unmark'; id: string}
	| {type: 'clear-marks'};

let serial = 0;

function core(state: UiState, event: UiEvent): UiState {
	switch (event.type) {
		case 'focus':
			if (event.pane === state.pane) return state;
			return {...state, pane: event.pane, back: event.remember ? [...state.back, state.pane].slice(-20) : [], overlay: undefined};
		case 'back': {
			if (state.overlay) return {...state, overlay: undefined};
			const previous = state.back[state.back.length - 1];
			return {...state, pane: previous ?? event.fallback, back: state.back.slice(0, -1)};
		}
		case 'overlay':
			return {...state, overlay: event.overlay};
		case 'message':
			return {...state, message: {text: event.text, tone: event.tone ?? 'info', serial: ++serial}};
		case 'clear-message':
			return state.message?.serial === event.serial ? {...state, message: undefined} : state;
		case 'cursor': {
			const cursor: Cursor = event.id === undefined ? {index: event.index} : {index: event.index, id: event.id};
			return {...state, cursors: {...state.cursors, [event.list]: cursor}};
		}
		case 'reset-cursors': {
			const cursors = Object.fromEntries(Object.entries(state.cursors).filter(([list]) => !list.startsWith(event.prefix)));
			return {...state, cursors};
		}
		case 'search': {
			// A new search starts at its first match (in each of the list's sections).
			const cursors = Object.fromEntries(Object.entries(state.cursors).filter(([list]) => list !== event.list && !list.startsWith(`${event.list}:`)));
			return {...state, searches: {...state.searches, [event.list]: event.text}, cursors};
		}
		case 'patch':
			return {...state, [event.slice]: {...state[event.slice], ...event.patch}};
		case 'toggle-mark': {
			const id = runId(event.record.run);
			if (state.marks.some((mark) => mark.id === id)) return unmark(state, id);
			return {...state, marks: [...state.marks, {id, record: event.record}]};
		}
		case 'unmark':
			return unmark(state, event.id);
		case 'clear-marks':
			return {...state, marks: [], compare: {...state.compare, baselineId: undefined, column: 0}};
	}
}

export function reduce(state: UiState, event: UiEvent): UiState {
	let next = core(state, event);
	for (const own of screenReducers()) next = own(next, event, state);
	return next;
}

function unmark(state: UiState, id: string): UiState {
	const marks = state.marks.filter((mark) => mark.id !== id);
	const compare = {...state.compare, column: Math.max(0, Math.min(state.compare.column, marks.length - 1))};
	if (compare.baselineId === id) delete compare.baselineId;
	return {...state, marks, compare};
}
