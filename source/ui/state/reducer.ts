// The one reducer: small pure updates of UiState. Key handlers decide what to do (they
// can see the data); this only records it.

import type {RunRecord} from '../../store/run-record.js';
import type {Direction} from '../model/metric-direction.js';
import {runId} from '../model/run-label.js';
import type {RunSort} from '../model/run-sort.js';
import type {Message, Overlay, UiState} from './state.js';

export type UiEvent =
	| {type: 'focus'; pane: string; remember?: boolean}
	| {type: 'back'; fallback: string}
	| {type: 'overlay'; overlay?: Overlay}
	| {type: 'message'; text: string; tone?: Message['tone']}
	| {type: 'clear-message'; serial: number}
	| {type: 'select-experiment'; id: string}
	| {type: 'toggle-deleted-experiments'}
	| {type: 'select-run'; id: string}
	| {type: 'runs'; patch: Partial<UiState['runs']>}
	| {type: 'set-sort'; sort: RunSort}
	| {type: 'toggle-fold'; id: string}
	| {type: 'toggle-mark'; record: RunRecord}
	| {type: 'unmark'; id: string}
	| {type: 'clear-marks'}
	| {type: 'open-run'; id?: string}
	| {type: 'detail'; patch: Partial<UiState['detail']>}
	| {type: 'compare'; patch: Partial<UiState['compare']>}
	| {type: 'flip-direction'; key: string; current: Direction}
	| {type: 'models'; patch: Partial<UiState['models']>}
	| {type: 'help'; patch: Partial<UiState['help']>}
	| {type: 'extra'; screen: string; value: number; id?: string | undefined};

let serial = 0;

export function reduce(state: UiState, event: UiEvent): UiState {
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
		case 'select-experiment':
			if (state.experimentId === event.id) return state;
			// A new experiment has other runs and other columns.
			return {...state, experimentId: event.id, runs: {...state.runs, selectedId: undefined, columnScroll: 0, primaryMetric: undefined, folded: []}};
		case 'toggle-deleted-experiments':
			return {...state, showDeletedExperiments: !state.showDeletedExperiments};
		case 'select-run':
			return {...state, runs: {...state.runs, selectedId: event.id}};
		case 'runs':
			return {...state, runs: {...state.runs, ...event.patch}};
		case 'set-sort':
			return {...state, runs: {...state.runs, sort: event.sort}};
		case 'toggle-fold': {
			const folded = state.runs.folded.includes(event.id) ? state.runs.folded.filter((id) => id !== event.id) : [...state.runs.folded, event.id];
			return {...state, runs: {...state.runs, folded}};
		}
		case 'toggle-mark': {
			const id = runId(event.record.run);
			if (state.marks.some((mark) => mark.id === id)) return unmark(state, id);
			return {...state, marks: [...state.marks, {id, record: event.record}]};
		}
		case 'unmark':
			return unmark(state, event.id);
		case 'clear-marks':
			return {...state, marks: [], compare: {...state.compare, baselineId: undefined, column: 0}};
		case 'open-run': {
			const detail = {...state.detail, index: 0, chartZoom: false};
			if (event.id === undefined) delete detail.runId;
			else detail.runId = event.id;
			return {...state, detail};
		}
		case 'detail':
			return {...state, detail: {...state.detail, ...event.patch}};
		case 'compare':
			return {...state, compare: {...state.compare, ...event.patch}};
		case 'flip-direction': {
			const next: Direction = event.current === 'lower' ? 'higher' : 'lower';
			return {...state, compare: {...state.compare, directions: {...state.compare.directions, [event.key]: next}}};
		}
		case 'models':
			return {...state, models: {...state.models, ...event.patch}};
		case 'help':
			return {...state, help: {...state.help, ...event.patch}};
		case 'extra': {
			const extraIds = {...state.extraIds};
			if (event.id === undefined) delete extraIds[event.screen];
			else extraIds[event.screen] = event.id;
			return {...state, extra: {...state.extra, [event.screen]: event.value}, extraIds};
		}
	}
}

function unmark(state: UiState, id: string): UiState {
	const marks = state.marks.filter((mark) => mark.id !== id);
	const compare = {...state.compare, column: Math.max(0, Math.min(state.compare.column, marks.length - 1))};
	if (compare.baselineId === id) delete compare.baselineId;
	return {...state, marks, compare};
}
