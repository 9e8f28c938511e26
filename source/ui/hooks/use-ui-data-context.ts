// What the comparison chart (components/CompareChart.tsx) reads from the comparison
// screen: the compared runs, their metric keys, the table (for the baseline) and the
// experiments' names. The comparison view provides it around the chart.

import {createContext, useContext} from 'react';
import type {RunRecord} from '../../store/run-record.js';
import type {CompareTable} from '../model/compare-rows.js';

export interface UiData {
	compareRecords: RunRecord[];
	compareMetricKeys: string[];
	compare: CompareTable;
	experimentNames: ReadonlyMap<string, string>;
}

export const UiDataContext = createContext<UiData | undefined>(undefined);

export function useUiDataContext(): UiData {
	const data = useContext(UiDataContext);
	if (!data) throw new Error('useUiDataContext outside <UiDataContext.Provider>');
	return data;
}
