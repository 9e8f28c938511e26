// "Running now": every run that says RUNNING, in every experiment, worst first. Stalled
// and probably dead runs say so in a word (for NO_COLOR and --ascii) and in colour.

import {Box} from 'ink';
import React, {useMemo} from 'react';
import {useNow} from '../hooks/use-now.js';
import {useScroll} from '../hooks/use-scroll.js';
import {useUiDataContext} from '../hooks/use-ui-data-context.js';
import {fitColumns} from '../model/fit-columns.js';
import {LIVENESS_COLORS, runningColumns, runningRows, runningSummary, type RunningRow} from '../model/running-rows.js';
import type {PaneProps} from '../screens.js';
import {useReportList, useUiState} from '../state/contexts.js';
import {extraCursor} from '../state/state.js';
import {useTheme, type Theme} from '../theme.js';
import {Notice} from './Notice.js';
import {PaneTitle} from './PaneTitle.js';
import {Table, type TableCell, type TableRow} from './Table.js';

function cell(row: RunningRow, field: string, theme: Theme): TableCell {
	const text = String(row[field as keyof RunningRow]);
	const alarm = row.state !== 'live';
	if (field === 'word' || (field === 'lastWrite' && alarm)) return {text, color: theme.paint(LIVENESS_COLORS[row.state]), bold: alarm};
	if (field === 'value' && row.badValue) return {text, color: theme.paint('red'), bold: true};
	if (field === 'experiment' || field === 'metric') return {text, dim: true};
	return {text};
}

export function RunningPane({width, height, focused}: PaneProps): React.JSX.Element {
	const theme = useTheme();
	const state = useUiState();
	// From the store overview, which the experiment counts and the alerts share.
	const entries = useUiDataContext().running;
	// Elapsed times and ages move on, and a quiet run turns stalled, without store changes.
	const now = useNow((entries?.length ?? 0) > 0);
	const rows = useMemo(() => runningRows(entries ?? [], now), [entries, now]);
	const bodyHeight = Math.max(1, height - 2);
	// With the ids: Enter (key-actions.ts) opens the run under the cursor by its id.
	const ids = useMemo(() => rows.map((row) => row.id), [rows]);
	useReportList('running', rows.length, bodyHeight, ids);
	const index = extraCursor(state, 'running', ids);
	const scroll = useScroll(index, bodyHeight, rows.length);

	let body: React.JSX.Element;
	if (!entries) {
		body = <Notice text="Looking for running runs in every experiment…" width={width} />;
	} else if (rows.length === 0) {
		body = <Notice text="No run says RUNNING in any active experiment." width={width} />;
	} else {
		const fit = fitColumns(runningColumns(rows, width - 1), width - 1, 0);
		const tableRows: TableRow[] = rows.map((row, at) => ({key: row.id, selected: at === index, cells: fit.columns.map((column) => cell(row, column.id, theme))}));
		body = (
			<Box>
				<Table columns={fit.columns} rows={tableRows} height={bodyHeight} scroll={scroll} focused={focused} />
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<PaneTitle title="Running now" info={entries ? runningSummary(rows) : ''} width={width} focused={focused} />
			{body}
		</Box>
	);
}
