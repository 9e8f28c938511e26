// Where a list's cursor is, the same way for every list: on its row by id while the row
// is there (a refresh that adds rows above does not move it), else at its index.

import {useRef} from 'react';
import {resolveCursor, type UiState} from '../state/state.js';

/**
 * With `stick`, a cursor the user has not moved yet stays on the row it was first shown
 * on, rather than on whatever row comes first (a new run appearing at the top).
 */
export function useCursor(state: UiState, list: string, count: number, ids?: readonly string[], stick = false): number {
	const first = useRef<string | undefined>(undefined);
	const cursor = state.cursors[list];
	if (cursor || !ids || !stick) return resolveCursor(cursor, count, ids);
	const at = first.current === undefined ? -1 : ids.indexOf(first.current);
	const index = at >= 0 ? at : 0;
	first.current = ids[index];
	return index;
}
