// UI state and the ways to change it, as two contexts: views that only read state do not
// re-render when the actions object is rebuilt, and the other way round.

import {createContext, useContext} from 'react';
import type {UiEvent} from './reducer.js';
import {initialState, type UiState} from './state.js';

export interface UiActions {
	dispatch: (event: UiEvent) => void;
	/** A message in the status bar. */
	flash: (text: string, tone?: 'info' | 'warn' | 'error') => void;
}

/** Sizes of the lists on screen, reported by the views, so keys can page and clamp. */
export interface ListInfo {
	count: number;
	page: number;
	/** Run ids by row, for lists whose rows the keys act on by id (running now). */
	ids?: readonly string[];
}

export type ListRegistry = Map<string, ListInfo>;

export const UiStateContext = createContext<UiState>(initialState());
export const UiActionsContext = createContext<UiActions>({dispatch: () => {}, flash: () => {}});
export const ListRegistryContext = createContext<ListRegistry>(new Map());

export function useUiState(): UiState {
	return useContext(UiStateContext);
}

export function useUiActions(): UiActions {
	return useContext(UiActionsContext);
}

export function useListRegistry(): ListRegistry {
	return useContext(ListRegistryContext);
}

/** Called by a view while rendering: "my list has `count` items and shows `page` at once". */
export function useReportList(name: string, count: number, page: number, ids?: readonly string[]): void {
	const registry = useContext(ListRegistryContext);
	registry.set(name, ids ? {count, page: Math.max(1, page), ids} : {count, page: Math.max(1, page)});
}
