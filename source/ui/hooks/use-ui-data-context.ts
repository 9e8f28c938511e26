// The data for the screen, as read by use-ui-data.ts, shared with the views.

import {createContext, useContext} from 'react';
import type {UiData} from './use-ui-data.js';

export const UiDataContext = createContext<UiData | undefined>(undefined);

export function useUiDataContext(): UiData {
	const data = useContext(UiDataContext);
	if (!data) throw new Error('useUiDataContext outside <UiDataContext.Provider>');
	return data;
}
