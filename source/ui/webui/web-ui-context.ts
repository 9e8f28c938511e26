// The web-UI controller (use-web-ui.ts) and the MLflow settings from the command line,
// shared with the panes that show them. The app root provides it.

import {createContext, useContext} from 'react';
import type {WebUiController} from './use-web-ui.js';

export interface WebUiSettings {
	/** --mlflow */
	mlflow?: string;
	host?: string;
	port?: number;
}

export interface WebUiContextValue {
	controller?: WebUiController;
	settings: WebUiSettings;
}

export const WebUiContext = createContext<WebUiContextValue>({settings: {}});

export function useWebUiContext(): WebUiContextValue {
	return useContext(WebUiContext);
}
