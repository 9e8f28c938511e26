// "Running now": every run that says RUNNING, in every experiment, worst first. Stalled
// and probably dead runs say so in a word (for NO_COLOR and --ascii) and in colour.

import {Box} from 'ink';
import React from 'react';
import {Notice} from '../../components/Notice.js';
import {PaneTitle} from '../../components/PaneTitle.js';
import {Table, type TableCell, type TableRow} from '../../components/Table.js';
import {useScroll} from '../../hooks/use-scroll.js';
import {fitColumns} from '../../model/fit-columns.js';
import {LIVENESS_COLORS, runningColumns, runningSummary, type RunningRow} from '../../model/running-rows.js';
import {useTheme, type Theme} from '../../theme.js';
import type {ViewProps} from '../screen.js';
import type {RunningModel} from './use-running-model.js';

function cell(row: RunningRow, field: string, theme: Theme): TableCell {
	const text = String(row[field as keyof RunningRow]);
	const alarm = row.state !== 'live';
	if (field === 'word' || (field === 'lastWrite' && alarm)) return {text, color: theme.paint(LIVENESS_COLORS[row.state]), bold: alarm};
	if (field === 'value' && row.badValue) return {text, color: theme.paint('red'), bold: true};
	if (field === 'experiment' || field === 'metric') return {text, dim: true};
	return {text};
}

export function RunningView({model, width, height, focused}: ViewProps<RunningModel>): React.JSX.Element {
	const theme = useTheme();
	const {rows, index} = model;
	const searchLine = model.search ? 1 : 0;
	const bodyHeight = Math.max(1, height - 2 - searchLine);
	const scroll = useScroll(index, bodyHeight, rows?.length ?? 0);

	let body: React.JSX.Element;
	if (!rows) {
		body = <Notice text="Looking for running runs in every experiment…" width={width} />;
	} else if (rows.length === 0) {
		body = <Notice text={model.all > 0 ? 'No running run matches the search (/ to change it).' : 'No run says RUNNING in any active experiment.'} width={width} />;
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
			<PaneTitle title="Running now" info={rows ? runningSummary(rows) : ''} width={width} focused={focused} />
			{searchLine > 0 && <Notice text={`search: ${model.search}`} width={width} />}
			{body}
		</Box>
	);
}
