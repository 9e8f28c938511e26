// Every screen, in one list: each is a folder under screens/ (its view, keys, data hook
// and slice of state; see screens/screen.ts). Adding a screen is its folder and a line
// here (and, when it keeps choices of its own, its slice in state/state.ts). The order
// matters once: a screen's data hook sees the models of those listed before it (the run
// detail shows the run under the runs cursor).

import {artifactScreen} from './screens/artifact/index.js';
import {compareScreen} from './screens/compare/index.js';
import {detailScreen} from './screens/detail/index.js';
import {experimentsScreen} from './screens/experiments/index.js';
import {healthScreen} from './screens/health/index.js';
import {helpScreen} from './screens/help/index.js';
import {modelsScreen} from './screens/models/index.js';
import {runningScreen} from './screens/running/index.js';
import {runsScreen} from './screens/runs/index.js';
import type {ScreenModule} from './screens/screen.js';
import {webUiScreen} from './screens/webui/index.js';
import type {UiState} from './state/state.js';
import type {UiEvent} from './state/reducer.js';

export const screens: readonly ScreenModule[] = [
	experimentsScreen,
	runsScreen,
	detailScreen,
	compareScreen,
	modelsScreen,
	runningScreen,
	helpScreen,
	healthScreen,
	webUiScreen,
	artifactScreen,
];

/** What shared views (the comparison chart) are given: their size and whether they have the keys. */
export interface PaneProps {
	width: number;
	height: number;
	focused: boolean;
}


export function screenById(id: string): ScreenModule | undefined {
	return screens.find((screen) => screen.id === id);
}

/** The screens' own reactions to events, for the reducer. */
export function screenReducers(): Array<(next: UiState, event: UiEvent, previous: UiState) => UiState> {
	return screens.flatMap((screen) => (screen.reduce ? [screen.reduce] : []));
}
