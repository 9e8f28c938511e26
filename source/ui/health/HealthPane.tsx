// The health screen as a TUI screen (screens.ts): checks the store the TUI shows.

import React from 'react';
import type {PaneProps} from '../screens.js';
import {useStoreHandle} from '../store-context.js';
import {useWebUiContext} from '../webui/web-ui-context.js';
import {HealthScreen} from './HealthScreen.js';
import {useHealth} from './use-health.js';

export function HealthPane({width, height, focused}: PaneProps): React.JSX.Element {
	const {store} = useStoreHandle();
	const {settings} = useWebUiContext();
	const health = useHealth({opened: {store}, mlflow: settings.mlflow, port: settings.port, env: process.env, cwd: process.cwd()});
	return <HealthScreen report={health.report} loading={health.loading} error={health.error} width={width} height={height} focused={focused} />;
}
