// The comparison's data: the marked runs (read afresh while it shows), the matrix of
// their infos, metrics and params (only the differing params unless d), and where the
// row cursor is.

import {useMemo} from 'react';
import type {RunRecord} from '../../../store/run-record.js';
import {useCursor} from '../../hooks/use-cursor.js';
import {useRunRecords} from '../../hooks/use-run-data.js';
import {compareTable, type CompareRow, type CompareTable} from '../../model/compare-rows.js';
import {metricKeysByUse} from '../../model/run-columns.js';
import type {ModelInput} from '../screen.js';
import type {CompareSlice} from './state.js';

export interface CompareModel extends CompareSlice {
	records: RunRecord[];
	table: CompareTable;
	/** Rows the cursor can stop on (not section titles), and their ids. */
	selectable: CompareRow[];
	ids: string[];
	index: number;
	metricKeys: string[];
	experimentNames: ReadonlyMap<string, string>;
	page: number;
}

export function rowId(row: CompareRow): string {
	return row.kind === 'section' ? `section:${row.title}` : `${row.kind}:${row.key}`;
}

export function useCompareModel({state, shared, box}: ModelInput): CompareModel {
	const marks = state.marks;
	const fresh = useRunRecords(
		marks.map((mark) => mark.id),
		box !== undefined,
	);
	const records = useMemo(() => marks.map((mark, index) => fresh.value?.[index] ?? mark.record), [marks, fresh.value]);
	const {baselineId, diffOnly, directions} = state.compare;
	const table = useMemo(() => compareTable({records, baselineId, diffOnly, directions, experimentNames: shared.experimentNames, now: shared.now}), [records, baselineId, diffOnly, directions, shared.experimentNames, shared.now]);
	const selectable = useMemo(() => table.rows.filter((row) => row.kind !== 'section'), [table]);
	const ids = useMemo(() => selectable.map(rowId), [selectable]);
	const index = useCursor(state, 'compare', selectable.length, ids);
	const metricKeys = useMemo(() => metricKeysByUse(records).sort(), [records]);
	return {...state.compare, column: Math.max(0, Math.min(state.compare.column, records.length - 1)), records, table, selectable, ids, index, metricKeys, experimentNames: shared.experimentNames, page: box ? Math.max(1, box.height - 3) : 10};
}
