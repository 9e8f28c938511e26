// UI state and the ways to change it, as two contexts: views that only read state do not
// re-render when the actions object is rebuilt, and the other way round. Screen views
// take their data as props; these are for the few shared pieces that read state
// themselves (the comparison chart).

import {createContext, useContext} from 'react';
import type {UiEvent} from './reducer.js';
import {initialState, type UiState} from './state.js';

export interface UiActions {
	dispatch: (event: UiEvent) => void;
	/** A message in the status bar. */
	flash: (text: string, tone?: 'info' | 'warn' | 'error') => void;
}

export const UiStateContext = createContext<UiState>(initialState());
export const UiActionsContext = createContext<UiActions>({dispatch: () => {}, flash: () => {}});

export function useUiState(): UiState {
	return useContext(UiStateContext);
}

export function useUiActions(): UiActions {
	return useContext(UiActionsContext);
}
