// The root: the store, theme, state and web-UI contexts, then the layout of the screen
// (header, panes, status bar) for the terminal's current size. Each screen's data hook
// runs here (screens.ts lists them), so the key handler sees the same data the views draw.

import {Box, Text, useStdout} from 'ink';
import React, {useCallback, useMemo, useReducer} from 'react';
import type {ChangeFeed, TrackingStore} from '../store/contract.js';
import {ExportPrompt} from './components/ExportPrompt.js';
import {FilterInput} from './components/FilterInput.js';
import {Header} from './components/Header.js';
import {StatusBar} from './components/StatusBar.js';
import {useAlerts} from './hooks/use-alerts.js';
import {useKeyHandler} from './hooks/use-key-handler.js';
import {useStoreChanges} from './hooks/use-store-changes.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {computeLayout, type PaneBox} from './model/layout.js';
import type {ModelInput, Services} from './screens/screen.js';
import {useSharedData, type SharedData} from './screens/shared-data.js';
import {screenById, screens} from './screens.js';
import {UiActionsContext, UiStateContext, type UiActions} from './state/contexts.js';
import {reduce} from './state/reducer.js';
import {initialState, type UiState} from './state/state.js';
import {StoreContext} from './store-context.js';
import {StoreQueue} from './store-queue.js';
import {ThemeContext, useTheme, type Theme} from './theme.js';
import {useWebUi} from './webui/use-web-ui.js';
import {useWebUiContext, WebUiContext, type WebUiSettings} from './webui/web-ui-context.js';

export interface AppProps {
	store: TrackingStore;
	/** How the store tells of changes (its follow() feed, or a feed that never speaks). */
	feed: ChangeFeed;
	theme: Theme;
	/** Open with this experiment's runs focused. */
	experimentId?: string;
	/** --mlflow, --host, --port for the web UI (W). */
	webUi?: WebUiSettings;
	/** Alerts ring the terminal bell (--bell) and send desktop notifications (--notify). */
	bell?: boolean;
	notify?: boolean;
	/** What y, o and e look at (the terminal, SSH, tmux) and where e writes; the process's own by default. */
	env?: NodeJS.ProcessEnv;
	cwd?: string;
}

const MODE_LABELS: Record<ChangeFeed['mode'], string> = {watch: 'live', poll: 'live (polling)', none: 'snapshot: r re-reads'};

const NO_WEB_UI_SETTINGS: WebUiSettings = {};

export function App({store, feed, theme, experimentId, webUi: webUiSettings = NO_WEB_UI_SETTINGS, bell = false, notify = false, env = process.env, cwd = process.cwd()}: AppProps): React.JSX.Element {
	const queue = useMemo(() => new StoreQueue(), []);
	const {changes, refresh} = useStoreChanges(store, feed);
	const handle = useMemo(() => ({store, queue, feed, changes, refresh}), [store, queue, feed, changes, refresh]);
	// At the root so the server keeps running while people move between screens, and
	// stops when the app unmounts (quit, signals).
	const controller = useWebUi({store, ...webUiSettings, env, cwd});
	const webUi = useMemo(() => ({controller, settings: webUiSettings}), [controller, webUiSettings]);
	return (
		<ThemeContext.Provider value={theme}>
			<StoreContext.Provider value={handle}>
				<WebUiContext.Provider value={webUi}>
					<Shell experimentId={experimentId} store={store} mode={MODE_LABELS[feed.mode]} warning={feed.warning} refresh={refresh} bell={bell} notify={notify} env={env} cwd={cwd} />
				</WebUiContext.Provider>
			</StoreContext.Provider>
		</ThemeContext.Provider>
	);
}

interface ShellProps {
	experimentId: string | undefined;
	store: TrackingStore;
	mode: string;
	warning: string | undefined;
	refresh: () => void;
	bell: boolean;
	notify: boolean;
	env: NodeJS.ProcessEnv;
	cwd: string;
}

function Separator({height, glyph}: {height: number; glyph: string}): React.JSX.Element {
	return (
		<Box width={1} height={height} flexDirection="column">
			<Text dimColor>{Array.from({length: height}, () => glyph).join('\n')}</Text>
		</Box>
	);
}

function Pane({box, focused, models}: {box: PaneBox; focused: boolean; models: Readonly<Record<string, unknown>>}): React.JSX.Element {
	const screen = screenById(box.id);
	if (!screen) return <Box width={box.width} height={box.height} />;
	const View = screen.View;
	return <View model={models[box.id]} width={box.width} height={box.height} focused={focused} />;
}

/** Every screen's data hook, in the registry's order (the list never changes, so neither does the order of hooks). */
function useScreenModels(state: UiState, shared: SharedData, boxes: ReadonlyMap<string, PaneBox>): Readonly<Record<string, unknown>> {
	const models: Record<string, unknown> = {};
	for (const screen of screens) {
		const box = boxes.get(screen.id);
		const input: ModelInput = box ? {state, shared, box, models} : {state, shared, models};
		models[screen.id] = screen.useModel(input);
	}
	return models;
}

function Shell({experimentId, store, mode, warning, refresh, bell, notify, env, cwd}: ShellProps): React.JSX.Element {
	const theme = useTheme();
	const [state, dispatch] = useReducer(reduce, {...(experimentId === undefined ? {} : {experimentId}), pane: experimentId === undefined ? 'experiments' : 'runs'}, initialState);
	const size = useTerminalSize();
	const {stdout} = useStdout();
	// One row less than the terminal: when a frame fills every row, Ink clears the whole
	// screen before each redraw, which flickers (worst over SSH).
	const rows = Math.max(5, size.rows - 1);
	const width = Math.max(20, size.columns);
	const statusHeight = state.overlay?.kind === 'filter' ? 2 : 1;
	const bodyHeight = Math.max(1, rows - 1 - statusHeight);
	const layout = computeLayout(state.pane, width, bodyHeight, true);
	const boxes = useMemo(() => new Map([...layout.top, ...(layout.bottom ? [layout.bottom] : [])].map((box) => [box.id, box])), [layout]);
	const shared = useSharedData();
	const models = useScreenModels(state, shared, boxes);
	const flash = useCallback((text: string, tone: 'info' | 'warn' | 'error' = 'info') => dispatch({type: 'message', text, tone}), []);
	const actions = useMemo<UiActions>(() => ({dispatch, flash}), [flash]);
	const {controller: webUi} = useWebUiContext();
	// Escape sequences that print nothing (OSC 52) go straight to the terminal, around Ink's frame.
	const writeRaw = useCallback((data: string) => void stdout.write(data), [stdout]);
	const services = useMemo<Services>(() => ({store, env, cwd, writeRaw, ...(webUi ? {webUi} : {})}), [store, env, cwd, writeRaw, webUi]);
	useKeyHandler({state, models, boxes, dispatch, flash, refresh, services});
	useAlerts({bell, notify, flash, running: shared.running});

	const focusedScreen = screenById(state.pane);
	const focusedModel = models[state.pane];
	const overlay = state.overlay;
	let bottom: React.JSX.Element;
	if (overlay?.kind === 'filter') {
		const info = focusedScreen?.searchInfo?.(focusedModel);
		bottom = <FilterInput text={overlay.text} cursor={overlay.cursor} width={width} error={info?.error} matching={info?.matching ?? 0} total={info?.total ?? 0} noun={info?.noun ?? 'rows'} kind={info?.kind ?? 'none'} grammar={overlay.grammar} />;
	} else if (overlay?.kind === 'export' && focusedScreen?.exportTable?.(focusedModel, state)) {
		bottom = <ExportPrompt table={focusedScreen.exportTable(focusedModel, state)!} folder={cwd} width={width} />;
	} else {
		bottom = <StatusBar width={width} right={warning ?? ''} {...(focusedScreen?.hints ? {hints: focusedScreen.hints(state)} : {})} />;
	}

	// Boxes here and in the panes clip rows only (overflowY): every line is already cut to
	// its width (Table, fitCell, wrap="truncate"), and Ink's sideways clipping re-measures
	// and re-slices each line of the frame, a third of the cost of every redraw.
	const topHeight = layout.top[0]?.height ?? bodyHeight;
	return (
		<UiStateContext.Provider value={state}>
			<UiActionsContext.Provider value={actions}>
				<Box flexDirection="column" width={width} height={rows} overflowY="hidden">
					<Header store={store.description.label} mode={mode} problems={store.problems().length} width={width} />
					<Box flexDirection="column" height={bodyHeight} overflowY="hidden">
						<Box flexDirection="row" height={topHeight}>
							{layout.top.map((box, index) => (
								<React.Fragment key={box.id}>
									{index > 0 && <Separator height={topHeight} glyph={theme.glyphs.separator} />}
									<Pane box={box} focused={state.pane === box.id} models={models} />
								</React.Fragment>
							))}
						</Box>
						{layout.bottom && (
							<>
								<Text dimColor>{theme.glyphs.rule.repeat(width)}</Text>
								<Pane box={layout.bottom} focused={state.pane === layout.bottom.id} models={models} />
							</>
						)}
					</Box>
					{bottom}
				</Box>
			</UiActionsContext.Provider>
		</UiStateContext.Provider>
	);
}
