// The web-UI panel as a module (see ../screen.ts). The server itself belongs to the app
// (ui/webui/use-web-ui.ts), so it keeps running while people move between screens.

import React from 'react';
import {Notice} from '../../components/Notice.js';
import {useWebUiContext} from '../../webui/web-ui-context.js';
import type {WebUiController} from '../../webui/use-web-ui.js';
import {defineScreen, type ModelInput, type ViewProps} from '../screen.js';
import type {WebUiSlice} from './state.js';
import {WebUiPanel} from './WebUiPanel.js';

interface WebUiModel extends WebUiSlice {
	controller?: WebUiController;
}

function useWebUiModel({state}: ModelInput): WebUiModel {
	const {controller} = useWebUiContext();
	return controller ? {...state.webui, controller} : {...state.webui};
}

function WebUiView({model, width, height, focused}: ViewProps<WebUiModel>): React.JSX.Element {
	const controller = model.controller;
	if (!controller) return <Notice text="The web UI is not wired into this build (no WebUiContext)." width={width} tone="error" />;
	const optional = {snapshot: controller.snapshot, missing: controller.missing, notice: controller.notice, warning: controller.warning, sshHint: controller.sshHint, serverUrl: controller.serverUrl, opened: model.opened};
	const defined = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
	return <WebUiPanel {...defined} width={width} height={height} focused={focused} />;
}

export const webUiScreen = defineScreen<WebUiModel>({
	id: 'webui',
	title: 'MLflow web UI',
	parent: 'experiments',
	useModel: useWebUiModel,
	View: WebUiView,
});
