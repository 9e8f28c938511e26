// What each action in the keymap does. Handlers see the state, the data on screen and
// the list sizes the views reported, and answer with reducer events (or a message when
// the key cannot do anything here, rather than silently ignoring it).

import type {ActionName, KeyContext} from './keymap.js';
import type {UiData} from './hooks/use-ui-data.js';
import {runLabel} from './model/run-label.js';
import {defaultDescending, fieldLabel, sameField} from './model/run-sort.js';
import {sortOptions} from './model/sort-options.js';
import {tryParseFilter} from './model/runs-view.js';
import {detailMetrics} from './model/detail-rows.js';
import {screenById} from './screens.js';
import type {ListRegistry} from './state/contexts.js';
import type {UiEvent} from './state/reducer.js';
import {DETAIL_TABS, extraCursor, type UiState} from './state/state.js';

export interface ActionContext {
	state: UiState;
	data: UiData;
	dispatch: (event: UiEvent) => void;
	flash: (text: string, tone?: 'info' | 'warn' | 'error') => void;
	exit: () => void;
	refresh: () => void;
	lists: ListRegistry;
	/** The MLflow web UI controller (W starts it, W again stops it). */
	webUi?: {toggle(): void};
}

interface Cursor {
	index: number;
	count: number;
	page: number;
	set(index: number): void;
}

function listPage(context: ActionContext, name: string): number {
	return context.lists.get(name)?.page ?? 10;
}

/** The cursor that the list keys move, for the focused pane or open picker. */
function cursorOf(context: ActionContext): Cursor | undefined {
	const {state, data, dispatch} = context;
	if (state.overlay?.kind === 'sort') {
		const count = sortOptions(data.view).length;
		return {index: state.overlay.index, count, page: listPage(context, 'sort'), set: (index) => dispatch({type: 'overlay', overlay: {kind: 'sort', index}})};
	}
	switch (state.pane) {
		case 'experiments': {
			// Indexes come from the state, not from derived data, which lags behind within a burst of keys.
			const list = data.visibleExperiments;
			const index = Math.max(0, list.findIndex((experiment) => experiment.experiment_id === (state.experimentId ?? data.experiment?.experiment_id)));
			return {index, count: list.length, page: listPage(context, 'experiments'), set: (next) => dispatch({type: 'select-experiment', id: list[next]!.experiment_id})};
		}
		case 'runs': {
			const rows = data.view.rows;
			const index = Math.max(0, rows.findIndex((row) => row.id === (state.runs.selectedId ?? data.selectedRow?.id)));
			return {index, count: rows.length, page: listPage(context, 'runs'), set: (next) => dispatch({type: 'select-run', id: rows[next]!.id})};
		}
		case 'detail':
			return {index: state.detail.index, count: context.lists.get('detail')?.count ?? 0, page: listPage(context, 'detail'), set: (index) => dispatch({type: 'detail', patch: {index}})};
		case 'compare':
			return {index: state.compare.row, count: data.compareSelectable.length, page: listPage(context, 'compare'), set: (row) => dispatch({type: 'compare', patch: {row}})};
		case 'models':
			return {index: state.models.index, count: data.modelRows.length, page: listPage(context, 'models'), set: (index) => dispatch({type: 'models', patch: {index}})};
		case 'help':
			return {index: state.help.scroll, count: context.lists.get('help')?.count ?? 0, page: listPage(context, 'help'), set: (scroll) => dispatch({type: 'help', patch: {scroll}})};
		default: {
			const info = context.lists.get(state.pane);
			if (!info) return undefined;
			return {index: extraCursor(state, state.pane, info.ids), count: info.count, page: info.page, set: (value) => dispatch({type: 'extra', screen: state.pane, value, id: info.ids?.[value]})};
		}
	}
}

/** The run row under the cursor, by the state (see cursorOf). */
function currentRow(context: ActionContext) {
	const rows = context.data.view.rows;
	return rows.find((row) => row.id === context.state.runs.selectedId) ?? context.data.selectedRow ?? rows[0];
}

function currentExperiment(context: ActionContext) {
	return context.data.visibleExperiments.find((experiment) => experiment.experiment_id === context.state.experimentId) ?? context.data.experiment;
}

function move(context: ActionContext, to: (cursor: Cursor) => number): void {
	const cursor = cursorOf(context);
	if (!cursor || cursor.count === 0) return;
	const next = Math.max(0, Math.min(cursor.count - 1, to(cursor)));
	if (next !== cursor.index || cursor.index >= cursor.count) cursor.set(next);
}

/** Can the pane be shown now? Returns why not, or undefined. */
function unavailable(context: ActionContext, pane: string): string | undefined {
	const {data, state} = context;
	switch (pane) {
		case 'runs':
			return data.experiment ? undefined : 'No experiment to show runs of.';
		case 'detail':
			return data.detailRecord || data.selectedRow ? undefined : 'No run selected: pick one in the runs pane.';
		case 'compare':
			return state.marks.length >= 2 ? undefined : `Mark at least two runs with Space to compare them (${state.marks.length} marked).`;
		default: {
			const screen = screenById(pane);
			if (!screen) return `No such screen: ${pane}`;
			return screen.component ? undefined : screen.unavailable ?? `${screen.title} is not available yet.`;
		}
	}
}

function focus(context: ActionContext, pane: string, remember: boolean): void {
	const why = unavailable(context, pane);
	if (why) {
		context.flash(why, 'warn');
		return;
	}
	if (pane === 'detail' && !context.state.detail.runId) context.dispatch({type: 'open-run'});
	if (pane === 'compare') context.dispatch({type: 'compare', patch: {view: 'table'}});
	context.dispatch({type: 'focus', pane, remember});
}

const CYCLE = ['experiments', 'runs', 'detail', 'compare', 'models', 'running'];

function cycle(context: ActionContext, step: number): void {
	const start = Math.max(0, CYCLE.indexOf(context.state.pane));
	for (let offset = 1; offset <= CYCLE.length; offset++) {
		const pane = CYCLE[(start + step * offset + CYCLE.length * offset) % CYCLE.length]!;
		if (!unavailable(context, pane)) {
			focus(context, pane, false);
			return;
		}
	}
}

function toggleMark(context: ActionContext): void {
	const {state, data, dispatch} = context;
	const record = state.pane === 'runs' ? currentRow(context)?.record : data.detailRecord;
	if (!record) return;
	const id = record.run.info.run_id;
	const marked = state.marks.some((mark) => mark.id === id);
	dispatch({type: 'toggle-mark', record});
	const count = state.marks.length + (marked ? -1 : 1);
	context.flash(marked ? `Unmarked ${runLabel(record.run)} (${count} marked)` : `Marked ${runLabel(record.run)} (${count} marked${count >= 2 ? '; c to compare' : ''})`);
	if (state.pane === 'runs') move(context, (cursor) => cursor.index + 1);
}

function selectedCompareRow(context: ActionContext) {
	return context.data.compareSelectable[Math.min(context.state.compare.row, context.data.compareSelectable.length - 1)];
}

function openSelected(context: ActionContext): void {
	const {state, data, dispatch} = context;
	switch (state.pane) {
		case 'experiments': {
			const experiment = currentExperiment(context);
			if (experiment) {
				dispatch({type: 'select-experiment', id: experiment.experiment_id});
				focus(context, 'runs', true);
			}
			return;
		}
		case 'runs':
			if (!currentRow(context)) return context.flash('No run here.', 'warn');
			dispatch({type: 'open-run'});
			dispatch({type: 'focus', pane: 'detail', remember: true});
			return;
		case 'compare': {
			const row = selectedCompareRow(context);
			if (row?.kind === 'metric') {
				dispatch({type: 'compare', patch: {view: 'chart', chartMetric: row.key}});
				return;
			}
			const mark = state.marks[state.compare.column];
			if (!mark) return;
			dispatch({type: 'open-run', id: mark.id});
			dispatch({type: 'focus', pane: 'detail', remember: true});
			return;
		}
		case 'models': {
			const row = data.modelRows[state.models.index];
			const id = row?.version?.run_id;
			if (!id) return context.flash(row?.version ? 'This version records no run.' : 'Pick a version (the indented rows) to open its run.', 'warn');
			dispatch({type: 'open-run', id});
			dispatch({type: 'focus', pane: 'detail', remember: true});
			return;
		}
		case 'running': {
			// The rows come from the pane's own read, reported with the list (see RunningPane).
			const ids = context.lists.get('running')?.ids ?? [];
			const id = ids[extraCursor(state, 'running', ids)];
			if (!id) return context.flash('No running run here.', 'warn');
			dispatch({type: 'open-run', id});
			dispatch({type: 'focus', pane: 'detail', remember: true});
			return;
		}
		default:
			return;
	}
}

function back(context: ActionContext): void {
	const {state, dispatch} = context;
	if (state.overlay) return dispatch({type: 'overlay'});
	if (state.pane === 'compare' && state.compare.view === 'chart') return dispatch({type: 'compare', patch: {view: 'table'}});
	if (state.pane === 'detail' && state.detail.chartZoom) return dispatch({type: 'detail', patch: {chartZoom: false}});
	const parent = screenById(state.pane)?.parent;
	if (!parent && state.back.length === 0) return context.flash('Press q to quit.');
	if (state.pane === 'detail') dispatch({type: 'open-run'});
	dispatch({type: 'back', fallback: parent ?? 'experiments'});
}

function cycleChartMetric(context: ActionContext, step: number): void {
	const keys = context.data.compareMetricKeys;
	if (keys.length === 0) return;
	const at = keys.indexOf(context.state.compare.chartMetric ?? '');
	const next = keys[(Math.max(0, at) + step + keys.length) % keys.length]!;
	context.dispatch({type: 'compare', patch: {chartMetric: next}});
}

export const handlers: Record<ActionName, (context: ActionContext) => void> = {
	quit: (context) => context.exit(),
	help: (context) => (context.state.pane === 'help' ? back(context) : context.dispatch({type: 'focus', pane: 'help', remember: true})),
	back,
	'next-pane': (context) => cycle(context, 1),
	'prev-pane': (context) => cycle(context, -1),
	'pane-experiments': (context) => focus(context, 'experiments', false),
	'pane-runs': (context) => focus(context, 'runs', false),
	'pane-detail': (context) => focus(context, 'detail', false),
	'pane-compare': (context) => focus(context, 'compare', false),
	'pane-models': (context) => focus(context, 'models', false),
	'pane-running': (context) => focus(context, 'running', true),
	reload: (context) => {
		context.refresh();
		context.flash('Re-reading the store.');
	},
	health: (context) => focus(context, 'health', true),
	webui: (context) => {
		context.webUi?.toggle();
		focus(context, 'webui', true);
	},
	compare: (context) => {
		if (context.state.pane === 'compare') return context.dispatch({type: 'compare', patch: {view: 'table'}});
		focus(context, 'compare', true);
	},
	down: (context) => move(context, (cursor) => cursor.index + 1),
	up: (context) => move(context, (cursor) => cursor.index - 1),
	top: (context) => move(context, () => 0),
	bottom: (context) => move(context, (cursor) => cursor.count - 1),
	'page-down': (context) => move(context, (cursor) => cursor.index + Math.max(1, Math.floor(cursor.page / 2))),
	'page-up': (context) => move(context, (cursor) => cursor.index - Math.max(1, Math.floor(cursor.page / 2))),
	open: openSelected,
	'toggle-deleted': (context) => {
		if (context.state.pane === 'experiments') {
			context.dispatch({type: 'toggle-deleted-experiments'});
			context.flash(context.state.showDeletedExperiments ? 'Deleted experiments hidden.' : 'Showing deleted experiments too.');
		} else {
			context.dispatch({type: 'runs', patch: {showDeleted: !context.state.runs.showDeleted}});
			context.flash(context.state.runs.showDeleted ? 'Deleted runs hidden.' : 'Showing deleted runs too.');
		}
	},
	mark: toggleMark,
	'clear-marks': (context) => {
		context.dispatch({type: 'clear-marks'});
		context.flash('No runs marked.');
	},
	filter: (context) => {
		const text = context.state.runs.filter;
		context.dispatch({type: 'overlay', overlay: {kind: 'filter', text, cursor: text.length, previous: text}});
	},
	'filter-apply': (context) => {
		const overlay = context.state.overlay;
		if (overlay?.kind !== 'filter') return;
		const {error} = tryParseFilter(overlay.text);
		if (error) return context.flash(`Not applied: ${error.message}`, 'error');
		context.dispatch({type: 'runs', patch: {filter: overlay.text.trim()}});
		context.dispatch({type: 'overlay'});
		context.flash(overlay.text.trim() ? `Filter applied: ${context.data.view.matching} of ${context.data.view.total} runs match.` : 'Filter cleared.');
	},
	'filter-cancel': (context) => context.dispatch({type: 'overlay'}),
	'filter-clear': (context) => context.dispatch({type: 'overlay', overlay: {kind: 'filter', text: '', cursor: 0, previous: context.state.runs.filter}}),
	sort: (context) => {
		const options = sortOptions(context.data.view);
		const index = Math.max(0, options.findIndex((field) => sameField(field, context.state.runs.sort.field)));
		context.dispatch({type: 'overlay', overlay: {kind: 'sort', index}});
	},
	'sort-choose': (context) => {
		const overlay = context.state.overlay;
		if (overlay?.kind !== 'sort') return;
		const field = sortOptions(context.data.view)[overlay.index];
		if (!field) return;
		const current = context.state.runs.sort;
		const descending = sameField(field, current.field) ? !current.descending : defaultDescending(field);
		context.dispatch({type: 'set-sort', sort: {field, descending}});
		context.dispatch({type: 'overlay'});
		context.flash(`Sorted by ${fieldLabel(field)}, ${descending ? 'descending' : 'ascending'}.`);
	},
	'reverse-sort': (context) => {
		const sort = context.state.runs.sort;
		context.dispatch({type: 'set-sort', sort: {...sort, descending: !sort.descending}});
		context.flash(`Sorted by ${fieldLabel(sort.field)}, ${sort.descending ? 'ascending' : 'descending'}.`);
	},
	fold: (context) => {
		const row = currentRow(context);
		if (!row) return;
		if (row.childCount > 0) return context.dispatch({type: 'toggle-fold', id: row.id});
		const rows = context.data.view.rows;
		const parent = rows.slice(0, rows.indexOf(row)).reverse().find((candidate) => candidate.depth < row.depth);
		if (!parent) return context.flash('This run has no child runs to fold.', 'warn');
		context.dispatch({type: 'toggle-fold', id: parent.id});
		context.dispatch({type: 'select-run', id: parent.id});
	},
	'next-metric': (context) => {
		const keys = context.data.view.metricKeys;
		if (keys.length === 0) return context.flash('These runs log no metrics.', 'warn');
		const at = keys.indexOf(context.data.view.primaryMetric ?? '');
		const next = keys[(at + 1) % keys.length]!;
		context.dispatch({type: 'runs', patch: {primaryMetric: next}});
		context.flash(`Sparkline: ${next}`);
	},
	'columns-left': (context) => context.dispatch({type: 'runs', patch: {columnScroll: Math.max(0, context.state.runs.columnScroll - 1)}}),
	'columns-right': (context) => {
		const max = context.lists.get('runs-columns')?.count ?? 0;
		if (context.state.runs.columnScroll >= max) return context.flash('No more columns to the right.');
		context.dispatch({type: 'runs', patch: {columnScroll: context.state.runs.columnScroll + 1}});
	},
	'prev-tab': (context) => {
		const at = DETAIL_TABS.indexOf(context.state.detail.tab);
		context.dispatch({type: 'detail', patch: {tab: DETAIL_TABS[(at + DETAIL_TABS.length - 1) % DETAIL_TABS.length]!, index: 0, chartZoom: false}});
	},
	'next-tab': (context) => {
		const at = DETAIL_TABS.indexOf(context.state.detail.tab);
		context.dispatch({type: 'detail', patch: {tab: DETAIL_TABS[(at + 1) % DETAIL_TABS.length]!, index: 0, chartZoom: false}});
	},
	'zoom-chart': (context) => {
		if (context.state.detail.tab !== 'metrics') return context.flash('Charts are in the metrics section (h/l to switch sections).', 'warn');
		if (detailMetrics(context.data.detailRecord).length === 0) return context.flash('This run has no metrics to chart.', 'warn');
		context.dispatch({type: 'detail', patch: {chartZoom: !context.state.detail.chartZoom}});
	},
	'x-axis': (context) => {
		if (context.state.pane === 'compare') {
			const xAxis = context.state.compare.xAxis === 'step' ? 'time' : 'step';
			context.dispatch({type: 'compare', patch: {xAxis}});
			context.flash(`Charts against ${xAxis === 'step' ? 'step' : 'time since each run started'}.`);
		} else {
			const xAxis = context.state.detail.xAxis === 'step' ? 'time' : 'step';
			context.dispatch({type: 'detail', patch: {xAxis}});
			context.flash(`Charts against ${xAxis === 'step' ? 'step' : 'time since the run started'}.`);
		}
	},
	'system-tags': (context) => {
		const show = !context.state.detail.showSystemTags;
		context.dispatch({type: 'detail', patch: {showSystemTags: show, tab: 'tags', index: context.state.detail.tab === 'tags' ? context.state.detail.index : 0}});
		context.flash(show ? 'Showing mlflow.* tags.' : 'mlflow.* tags hidden.');
	},
	'prev-column': (context) => context.dispatch({type: 'compare', patch: {column: Math.max(0, context.state.compare.column - 1)}}),
	'next-column': (context) => context.dispatch({type: 'compare', patch: {column: Math.min(context.state.marks.length - 1, context.state.compare.column + 1)}}),
	'diff-only': (context) => {
		const diffOnly = !context.state.compare.diffOnly;
		context.dispatch({type: 'compare', patch: {diffOnly, row: 0}});
		context.flash(diffOnly ? 'Params: only those that differ.' : 'Params: all.');
	},
	baseline: (context) => {
		const mark = context.state.marks[context.state.compare.column];
		if (!mark) return;
		if (context.state.compare.baselineId === mark.id) {
			context.dispatch({type: 'compare', patch: {baselineId: undefined}});
			return context.flash('Baseline unpinned.');
		}
		context.dispatch({type: 'compare', patch: {baselineId: mark.id}});
		context.flash(`Baseline: ${runLabel(mark.record.run)}; metrics show deltas against it.`);
	},
	'flip-direction': (context) => {
		const row = selectedCompareRow(context);
		if (row?.kind !== 'metric') return context.flash('Move to a metric row to flip which way is better.', 'warn');
		context.dispatch({type: 'flip-direction', key: row.key, current: row.direction});
		context.flash(`${row.key}: ${row.direction === 'lower' ? 'higher' : 'lower'} is better.`);
	},
	'drop-run': (context) => {
		const mark = context.state.marks[context.state.compare.column];
		if (!mark) return;
		context.dispatch({type: 'unmark', id: mark.id});
		if (context.state.marks.length - 1 < 2) {
			context.dispatch({type: 'back', fallback: 'runs'});
			context.flash('Fewer than two runs marked: comparison closed.');
		}
	},
	'prev-chart-metric': (context) => cycleChartMetric(context, -1),
	'next-chart-metric': (context) => cycleChartMetric(context, 1),
};

/** The key contexts in force, most specific first. */
export function activeContexts(state: UiState): KeyContext[] {
	if (state.overlay?.kind === 'filter') return ['filter'];
	if (state.overlay?.kind === 'sort') return ['sort', 'list', 'global'];
	const screen = screenById(state.pane);
	const contexts: KeyContext[] = [];
	if (state.pane === 'compare' && state.compare.view === 'chart') contexts.push('chart');
	if (screen?.context) contexts.push(screen.context);
	if (screen?.list) contexts.push('list');
	contexts.push('global');
	return contexts;
}
