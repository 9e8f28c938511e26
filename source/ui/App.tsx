// The root: the store, theme, state and data contexts, then the layout of the screen
// (header, panes, status bar) for the terminal's current size.

import {Box, Text} from 'ink';
import React, {useCallback, useMemo, useReducer, useRef} from 'react';
import type {ChangeFeed, TrackingStore} from '../store/contract.js';
import {FilterInput} from './components/FilterInput.js';
import {Header} from './components/Header.js';
import {StatusBar} from './components/StatusBar.js';
import {useAlerts} from './hooks/use-alerts.js';
import {useKeyHandler} from './hooks/use-key-handler.js';
import {useStoreChanges} from './hooks/use-store-changes.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {UiDataContext} from './hooks/use-ui-data-context.js';
import {useUiData} from './hooks/use-ui-data.js';
import {computeLayout, visiblePanes, type PaneBox} from './model/layout.js';
import {screenById} from './screens.js';
import {ListRegistryContext, UiActionsContext, UiStateContext, type ListRegistry, type UiActions} from './state/contexts.js';
import {reduce} from './state/reducer.js';
import {initialState} from './state/state.js';
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
}

const MODE_LABELS: Record<ChangeFeed['mode'], string> = {watch: 'live', poll: 'live (polling)', none: 'snapshot: r re-reads'};

const NO_WEB_UI_SETTINGS: WebUiSettings = {};

export function App({store, feed, theme, experimentId, webUi: webUiSettings = NO_WEB_UI_SETTINGS, bell = false, notify = false}: AppProps): React.JSX.Element {
	const queue = useMemo(() => new StoreQueue(), []);
	const {changes, refresh} = useStoreChanges(store, feed);
	const handle = useMemo(() => ({store, queue, feed, changes, refresh}), [store, queue, feed, changes, refresh]);
	// At the root so the server keeps running while people move between screens, and
	// stops when the app unmounts (quit, signals).
	const controller = useWebUi({store, ...webUiSettings, env: process.env, cwd: process.cwd()});
	const webUi = useMemo(() => ({controller, settings: webUiSettings}), [controller, webUiSettings]);
	return (
		<ThemeContext.Provider value={theme}>
			<StoreContext.Provider value={handle}>
				<WebUiContext.Provider value={webUi}>
				<Shell experimentId={experimentId} storeLabel={store.description.label} mode={MODE_LABELS[feed.mode]} warning={feed.warning} refresh={refresh} problems={() => store.problems().length} bell={bell} notify={notify} />
				</WebUiContext.Provider>
			</StoreContext.Provider>
		</ThemeContext.Provider>
	);
}

interface ShellProps {
	experimentId: string | undefined;
	storeLabel: string;
	mode: string;
	warning: string | undefined;
	refresh: () => void;
	problems: () => number;
	bell: boolean;
	notify: boolean;
}

function Separator({height, glyph}: {height: number; glyph: string}): React.JSX.Element {
	return (
		<Box width={1} height={height} flexDirection="column">
			<Text dimColor>{Array.from({length: height}, () => glyph).join('\n')}</Text>
		</Box>
	);
}

function Pane({box, focused}: {box: PaneBox; focused: boolean}): React.JSX.Element {
	const screen = screenById(box.id);
	const Component = screen?.component;
	if (!Component) return <Box width={box.width} height={box.height} />;
	return <Component width={box.width} height={box.height} focused={focused} />;
}

function Shell({experimentId, storeLabel, mode, warning, refresh, problems, bell, notify}: ShellProps): React.JSX.Element {
	const theme = useTheme();
	const [state, dispatch] = useReducer(reduce, {experimentId, pane: experimentId === undefined ? 'experiments' : 'runs'}, initialState);
	const lists = useRef<ListRegistry>(new Map()).current;
	const size = useTerminalSize();
	// One row less than the terminal: when a frame fills every row, Ink clears the whole
	// screen before each redraw, which flickers (worst over SSH).
	const rows = Math.max(5, size.rows - 1);
	const width = Math.max(20, size.columns);
	const statusHeight = state.overlay?.kind === 'filter' ? 2 : 1;
	const bodyHeight = Math.max(1, rows - 1 - statusHeight);
	const layout = computeLayout(state.pane, width, bodyHeight, true);
	const visible = visiblePanes(layout);
	const data = useUiData(state, visible);
	const flash = useCallback((text: string, tone: 'info' | 'warn' | 'error' = 'info') => dispatch({type: 'message', text, tone}), []);
	const actions = useMemo<UiActions>(() => ({dispatch, flash}), [flash]);
	const {controller: webUi} = useWebUiContext();
	useKeyHandler({state, data, dispatch, flash, refresh, lists, webUi});
	useAlerts({bell, notify, flash, running: data.running});

	// Boxes here and in the panes clip rows only (overflowY): every line is already cut to
	// its width (Table, fitCell, wrap="truncate"), and Ink's sideways clipping re-measures
	// and re-slices each line of the frame, a third of the cost of every redraw.
	const topHeight = layout.top[0]?.height ?? bodyHeight;
	const right = warning ?? '';
	return (
		<UiStateContext.Provider value={state}>
			<UiActionsContext.Provider value={actions}>
				<UiDataContext.Provider value={data}>
					<ListRegistryContext.Provider value={lists}>
						<Box flexDirection="column" width={width} height={rows} overflowY="hidden">
							<Header store={storeLabel} mode={mode} problems={problems()} width={width} />
							<Box flexDirection="column" height={bodyHeight} overflowY="hidden">
								<Box flexDirection="row" height={topHeight}>
									{layout.top.map((box, index) => (
										<React.Fragment key={box.id}>
											{index > 0 && <Separator height={topHeight} glyph={theme.glyphs.separator} />}
											<Pane box={box} focused={state.pane === box.id} />
										</React.Fragment>
									))}
								</Box>
								{layout.bottom && (
									<>
										<Text dimColor>{theme.glyphs.rule.repeat(width)}</Text>
										<Pane box={layout.bottom} focused={state.pane === layout.bottom.id} />
									</>
								)}
							</Box>
							{state.overlay?.kind === 'filter' ? (
								<FilterInput text={state.overlay.text} cursor={state.overlay.cursor} width={width} error={data.view.filterError} matching={data.view.matching} total={data.view.total} />
							) : (
								<StatusBar width={width} right={right} />
							)}
						</Box>
					</ListRegistryContext.Provider>
				</UiDataContext.Provider>
			</UiActionsContext.Provider>
		</UiStateContext.Provider>
	);
}
