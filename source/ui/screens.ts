// The screens and panes, in one list. To plug in a new screen (the health screen, the
// web-UI panel), give its entry a `component`; its key (H, W) then opens it instead of
// saying it is not available. A screen with its own keys names a keymap context.

import type {ComponentType} from 'react';
import {ComparePane} from './components/ComparePane.js';
import {ExperimentsPane} from './components/ExperimentsPane.js';
import {HelpScreen} from './components/HelpScreen.js';
import {ModelsPane} from './components/ModelsPane.js';
import {RunDetail} from './components/RunDetail.js';
import {RunningPane} from './components/RunningPane.js';
import {RunsPane} from './components/RunsPane.js';
import type {KeyContext} from './keymap.js';
import {HealthPane} from './health/HealthPane.js';
import {WebUiPane} from './webui/WebUiPane.js';

export interface PaneProps {
	width: number;
	height: number;
	focused: boolean;
}

export interface ScreenSpec {
	id: string;
	title: string;
	component?: ComponentType<PaneProps>;
	/** The keymap context of its own keys. */
	context?: KeyContext;
	/** Whether the list keys (j/k, g/G, Ctrl-d/u) move a cursor in it; it reports its size with useReportList(id, ...). */
	list?: boolean;
	/** Where Esc goes when there is no history. */
	parent?: string;
	/** Shown when its key is pressed and there is no component yet. */
	unavailable?: string;
}

export const screens: ScreenSpec[] = [
	{id: 'experiments', title: 'Experiments', component: ExperimentsPane, context: 'experiments', list: true},
	{id: 'runs', title: 'Runs', component: RunsPane, context: 'runs', list: true, parent: 'experiments'},
	{id: 'detail', title: 'Run', component: RunDetail, context: 'detail', list: true, parent: 'runs'},
	{id: 'compare', title: 'Compare', component: ComparePane, context: 'compare', list: true, parent: 'runs'},
	{id: 'models', title: 'Models', component: ModelsPane, context: 'models', list: true, parent: 'experiments'},
	{id: 'running', title: 'Running now', component: RunningPane, context: 'running', list: true, parent: 'experiments'},
	{id: 'help', title: 'Help', component: HelpScreen, list: true, parent: 'experiments'},
	{id: 'health', title: 'Health', component: HealthPane, parent: 'experiments'},
	{id: 'webui', title: 'MLflow web UI', component: WebUiPane, parent: 'experiments'},
];

export function screenById(id: string): ScreenSpec | undefined {
	return screens.find((screen) => screen.id === id);
}
