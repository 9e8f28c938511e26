// The health screen's data: the checks, run when it first shows and every 30 s while it does.

import {useStoreHandle} from '../../store-context.js';
import {useWebUiContext} from '../../webui/web-ui-context.js';
import type {ModelInput} from '../screen.js';
import {useHealth, type HealthState} from './use-health.js';

export function useHealthModel({box}: ModelInput): HealthState {
	const {store} = useStoreHandle();
	const {settings} = useWebUiContext();
	return useHealth({opened: {store}, mlflow: settings.mlflow, port: settings.port, env: process.env, cwd: process.cwd()}, 30_000, box !== undefined);
}
