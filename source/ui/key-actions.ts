// What the keymap's actions do. A key bound in a screen's context runs that screen's
// handler (screens/<name>/keys.ts); the list keys move the one cursor system
// (state.cursors) over the focused screen's list; a key bound anywhere runs the focused
// screen's handler if it has its own, else the general one here. Handlers answer with
// reducer events, or a message when the key cannot do anything where it was pressed.

import type {ActionName, Binding, KeyContext} from './keymap.js';
import {parseSearch} from './model/search-query.js';
import {sortPickerKeys} from './screens/runs/keys.js';
import type {ActionContext, ListShape, ScreenModule} from './screens/screen.js';
import {copyValue, exportNow, openInWebUi} from './screens/shared-actions.js';
import {screenById, screens} from './screens.js';
import {resolveCursor, type UiState} from './state/state.js';
import type {ExportFormat} from './export/export-table.js';

type General = (context: ActionContext) => void;

function focused(context: ActionContext): {screen?: ScreenModule; model: unknown} {
	const screen = screenById(context.state.pane);
	return screen ? {screen, model: context.models[screen.id]} : {model: undefined};
}

/** The list the list keys move in now, if any. */
export function listOf(state: UiState, models: Readonly<Record<string, unknown>>): ListShape | undefined {
	const screen = screenById(state.pane);
	return screen?.list?.(models[screen.id], state);
}

function move(context: ActionContext, to: (index: number, shape: ListShape) => number): void {
	const shape = listOf(context.state, context.models);
	if (!shape || shape.count === 0) return;
	const cursor = context.state.cursors[shape.id];
	// The state's cursor, not the model's index: the model lags behind within a burst of keys.
	const index = cursor ? resolveCursor(cursor, shape.count, shape.ids) : shape.index;
	const next = Math.max(0, Math.min(shape.count - 1, to(index, shape)));
	if (next !== index || !cursor) context.dispatch({type: 'cursor', list: shape.id, index: next, id: shape.ids?.[next]});
}

const half = (shape: ListShape) => Math.max(1, Math.floor(shape.page / 2));

export const listHandlers: Partial<Record<ActionName, General>> = {
	down: (context) => move(context, (index) => index + 1),
	up: (context) => move(context, (index) => index - 1),
	top: (context) => move(context, () => 0),
	bottom: (context) => move(context, (_, shape) => shape.count - 1),
	'page-down': (context) => move(context, (index, shape) => index + half(shape)),
	'page-up': (context) => move(context, (index, shape) => index - half(shape)),
	search: (context) => {
		const spec = focused(context).screen?.search;
		if (!spec) return context.flash('Nothing to search here: / searches lists of runs, experiments, params, tags, metrics and models.', 'warn');
		const text = context.state.searches[spec.list] ?? '';
		context.dispatch({type: 'overlay', overlay: {kind: 'filter', list: spec.list, text, cursor: [...text].length, previous: text, grammar: spec.grammar}});
	},
};

/** Shows a screen, or says why it cannot be shown now. */
export function focus(context: ActionContext, pane: string, remember: boolean): void {
	const screen = screenById(pane);
	if (!screen) return context.flash(`No such screen: ${pane}`, 'warn');
	const why = screen.unavailable?.(context);
	if (why) return context.flash(why, 'warn');
	if (context.state.pane !== pane) screen.onFocus?.(context);
	context.dispatch({type: 'focus', pane, remember});
}

function back(context: ActionContext): void {
	const {state, dispatch} = context;
	if (state.overlay) return dispatch({type: 'overlay'});
	const parent = screenById(state.pane)?.parent;
	if (!parent && state.back.length === 0) return context.flash('Press q to quit.');
	dispatch({type: 'back', fallback: parent ?? 'experiments'});
}

function cycle(context: ActionContext, step: number): void {
	const order = screens.filter((screen) => screen.cycle).map((screen) => screen.id);
	const start = Math.max(0, order.indexOf(context.state.pane));
	for (let offset = 1; offset <= order.length; offset++) {
		const pane = order[(start + step * offset + order.length * offset) % order.length]!;
		if (!screenById(pane)?.unavailable?.(context)) return focus(context, pane, false);
	}
}

function exportAs(format: ExportFormat): General {
	return (context) => {
		const {screen, model} = focused(context);
		const table = screen?.exportTable?.(model, context.state);
		context.dispatch({type: 'overlay'});
		if (table) exportNow(context, table, format);
	};
}

export const globalHandlers: Partial<Record<ActionName, General>> = {
	quit: (context) => context.exit(),
	help: (context) => (context.state.pane === 'help' ? back(context) : focus(context, 'help', true)),
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
		const web = context.services.webUi;
		// A tracking server has its own web UI: show where, start nothing.
		if (!web?.serverUrl) web?.toggle();
		focus(context, 'webui', true);
	},
	compare: (context) => focus(context, 'compare', true),
	copy: (context) => {
		const {screen, model} = focused(context);
		const run = screen?.selectedRun?.(model, context.state);
		if (!run) return context.flash('Nothing to copy here: y copies the id of the run under the cursor.', 'warn');
		copyValue(context, run.runId, `${run.label}'s id`);
	},
	'open-web': (context) => {
		const {screen, model} = focused(context);
		const run = screen?.selectedRun?.(model, context.state);
		if (!run) return context.flash('No run here: o opens the run under the cursor in the web UI.', 'warn');
		openInWebUi(context, run);
	},
	export: (context) => {
		const {screen, model} = focused(context);
		if (!screen?.exportTable) return context.flash('e exports the runs table or the comparison: open one of them first.', 'warn');
		if (!screen.exportTable(model, context.state)) return context.flash('Nothing to export: the table is empty.', 'warn');
		context.dispatch({type: 'overlay', overlay: {kind: 'export'}});
	},
};

/** The `/` input's keys. */
const filterHandlers: Partial<Record<ActionName, General>> = {
	'filter-apply': (context) => {
		const overlay = context.state.overlay;
		if (overlay?.kind !== 'filter') return;
		const query = parseSearch(overlay.text, overlay.grammar);
		if (query.kind === 'error') return context.flash(`Not applied: ${query.error.message}`, 'error');
		const text = overlay.text.trim();
		context.dispatch({type: 'search', list: overlay.list, text});
		context.dispatch({type: 'overlay'});
		// No counts here: within a burst of keys the screen has not been drawn with the new text yet (its title says them).
		if (!text) return context.flash(overlay.previous ? 'Search cleared.' : 'No search.');
		context.flash(query.kind === 'expression' ? `Filter applied: ${text}` : `Search applied: names containing '${text}'.`);
	},
	'filter-cancel': (context) => context.dispatch({type: 'overlay'}),
	'filter-clear': (context) => {
		const overlay = context.state.overlay;
		if (overlay?.kind === 'filter') context.dispatch({type: 'overlay', overlay: {...overlay, text: '', cursor: 0}});
	},
};

const exportHandlers: Partial<Record<ActionName, General>> = {
	'export-csv': exportAs('csv'),
	'export-json': exportAs('json'),
	'export-md': exportAs('md'),
	back: (context) => context.dispatch({type: 'overlay'}),
};

/** Handlers of the overlays' contexts. */
function overlayHandlers(context: KeyContext): Partial<Record<ActionName, (context: ActionContext) => void>> | undefined {
	if (context === 'filter') return filterHandlers;
	if (context === 'export') return exportHandlers;
	if (context === 'sort') {
		const runs = screenById('runs');
		return Object.fromEntries(Object.entries(sortPickerKeys).map(([action, handler]) => [action, (inner: ActionContext) => handler(inner, inner.models[runs?.id ?? 'runs'] as never)]));
	}
	return undefined;
}

/** Runs the binding's action. */
export function handle(binding: Binding, context: ActionContext): void {
	const overlay = overlayHandlers(binding.context);
	if (overlay) return overlay[binding.action]?.(context);
	const {screen, model} = focused(context);
	const own = screen?.keys?.[binding.action];
	if (own && own(context, model) !== 'pass') return;
	if (binding.context === 'list') return listHandlers[binding.action]?.(context);
	globalHandlers[binding.action]?.(context);
}

/** Whether something handles the binding (for the keymap's own test). */
export function isHandled(binding: Binding): boolean {
	const overlay = overlayHandlers(binding.context);
	if (overlay) return overlay[binding.action] !== undefined;
	if (binding.context === 'list') return listHandlers[binding.action] !== undefined;
	if (globalHandlers[binding.action]) return true;
	return screens.some((screen) => screen.contexts?.includes(binding.context) && screen.keys?.[binding.action] !== undefined);
}

/** The key contexts in force, most specific first. */
export function activeContexts(state: UiState, models: Readonly<Record<string, unknown>>): KeyContext[] {
	if (state.overlay?.kind === 'filter') return ['filter'];
	if (state.overlay?.kind === 'export') return ['export'];
	if (state.overlay?.kind === 'sort') return ['sort', 'list', 'global'];
	const screen = screenById(state.pane);
	const contexts: KeyContext[] = [...(screen?.activeContexts?.(state) ?? screen?.contexts ?? [])];
	if (listOf(state, models)) contexts.push('list');
	contexts.push('global');
	return contexts;
}
