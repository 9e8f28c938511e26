// What a screen is: a folder under screens/ with its view (data as props), its data hook
// (useModel: reads the store, derives rows, resolves its cursor), its keys (handlers for
// the actions the keymap binds in its context) and its slice of state, brought together
// as a ScreenModule and listed in ../screens.ts.

import type {ComponentType} from 'react';
import type {TrackingStore} from '../../store/contract.js';
import type {ExportTable} from '../export/export-table.js';
import type {ActionName, KeyContext} from '../keymap.js';
import type {PaneBox} from '../model/layout.js';
import type {SearchQuery} from '../model/search-query.js';
import type {UiEvent} from '../state/reducer.js';
import type {UiState} from '../state/state.js';
import type {SearchSyntaxError} from '../../store/search/index.js';
import type {SharedData} from './shared-data.js';
import type {WebUiController} from '../webui/use-web-ui.js';

export interface ViewProps<M> {
	model: M;
	width: number;
	height: number;
	focused: boolean;
}

export interface ModelInput {
	state: UiState;
	shared: SharedData;
	/** Where the screen is drawn; undefined when it is not on screen (read nothing then). */
	box?: PaneBox;
	/** The models of the screens listed before this one (the detail reads the runs'). */
	models: Readonly<Record<string, unknown>>;
}

/** A list the keys j/k, g/G, Ctrl-d/u move a cursor in. */
export interface ListShape {
	/** The cursor's name in state.cursors. */
	id: string;
	count: number;
	/** Rows shown at once, for half-page moves. */
	page: number;
	/** Row ids, so the cursor follows its row. */
	ids?: readonly string[];
	/** Where the view shows the cursor now. */
	index: number;
}

/** How the `/` text reads here, for the input line. */
export interface SearchInfo {
	matching: number;
	total: number;
	/** What is searched: "runs", "params"… */
	noun: string;
	kind: SearchQuery['kind'];
	error?: SearchSyntaxError;
}

export interface SelectedRun {
	runId: string;
	experimentId: string;
	label: string;
}

/** What key handlers can reach besides state and models. */
export interface Services {
	store: TrackingStore;
	webUi?: WebUiController;
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** Raw bytes to the terminal (OSC 52), outside Ink's frame. */
	writeRaw: (data: string) => void;
}

export interface ActionContext {
	state: UiState;
	models: Readonly<Record<string, unknown>>;
	/** The panes on screen. */
	boxes: ReadonlyMap<string, PaneBox>;
	dispatch: (event: UiEvent) => void;
	flash: (text: string, tone?: 'info' | 'warn' | 'error') => void;
	exit: () => void;
	refresh: () => void;
	/** Shows a screen (or says why it cannot); `remember`: Esc comes back here. */
	focus: (pane: string, remember: boolean) => void;
	services: Services;
}

/** A key's work on a screen; 'pass' hands it on to the general handler of the same action. */
export type Handler<M> = (context: ActionContext, model: M) => void | 'pass';

export type Keys<M> = Partial<Record<ActionName, Handler<M>>>;

export interface ScreenModule<M = unknown> {
	id: string;
	title: string;
	/** The keymap contexts of its own keys. */
	contexts?: KeyContext[];
	/** Those in force now, most specific first (default: all of them); the comparison adds 'chart' while charting. */
	activeContexts?: (state: UiState) => KeyContext[];
	/** Where Esc goes when there is no history. */
	parent?: string;
	/** Tab and Shift-Tab stop here. */
	cycle?: boolean;
	useModel: (input: ModelInput) => M;
	View: ComponentType<ViewProps<M>>;
	list?: (model: M, state: UiState) => ListShape | undefined;
	keys?: Keys<M>;
	/** Why it cannot be shown now, if so. */
	unavailable?: (context: ActionContext) => string | undefined;
	/** Runs when it is focused from elsewhere. */
	onFocus?: (context: ActionContext) => void;
	/** `/` here searches this list; `grammar`: MLflow filter expressions apply too. */
	search?: {list: string; grammar: boolean};
	searchInfo?: (model: M) => SearchInfo | undefined;
	/** The run under the cursor (y copies its id, o opens it in the web UI). */
	selectedRun?: (model: M, state: UiState) => SelectedRun | undefined;
	/** What e writes. */
	exportTable?: (model: M, state: UiState) => ExportTable | undefined;
	/** Status-bar hints: [action, context, label]. */
	hints?: (state: UiState) => Array<[ActionName, KeyContext, string]>;
	reduce?: (next: UiState, event: UiEvent, previous: UiState) => UiState;
}

/** Typed where it is written, stored untyped in the registry. */
export function defineScreen<M>(module: ScreenModule<M>): ScreenModule<unknown> {
	return module as unknown as ScreenModule<unknown>;
}
