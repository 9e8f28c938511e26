// The runs of one experiment: status, name (children nested under parents), the primary
// metric with a sparkline of its history, the other metrics, and only the params that
// vary. Wider than the screen? Name and status stay put and the rest scrolls with [ ].

import {Box} from 'ink';
import React, {useMemo} from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {displayWidth} from '../../text/width.js';
import {useScroll} from '../hooks/use-scroll.js';
import {useUiDataContext} from '../hooks/use-ui-data-context.js';
import {fitColumns} from '../model/fit-columns.js';
import {fieldLabel, sameField} from '../model/run-sort.js';
import {runsTableColumns} from '../model/runs-table.js';
import {sortOptions} from '../model/sort-options.js';
import type {PaneProps} from '../screens.js';
import {useReportList, useUiState} from '../state/contexts.js';
import {useTheme} from '../theme.js';
import {Notice} from './Notice.js';
import {PaneTitle} from './PaneTitle.js';
import {SortPicker} from './SortPicker.js';
import {Table, type TableRow} from './Table.js';

export function RunsPane({width: paneWidth, height, focused}: PaneProps): React.JSX.Element {
	const theme = useTheme();
	const state = useUiState();
	const data = useUiDataContext();
	const {view, experiment, runs} = data;
	const filterLine = state.runs.filter !== '' ? 1 : 0;
	const bodyHeight = Math.max(1, height - 2 - filterLine);
	useReportList('runs', view.rows.length, bodyHeight);
	const scroll = useScroll(data.selectedIndex, bodyHeight, view.rows.length);
	const sort = state.runs.sort;
	const {now} = data;
	// Built again when the runs, marks, sort or clock change, not on every key press.
	const columns = useMemo(() => {
		const marks = new Set(state.marks.map((mark) => mark.id));
		const built = runsTableColumns({rows: view.rows, view, marks, theme, now});
		// Which way the sorted column goes, on its header.
		for (const column of built) {
			if (column.field && sameField(column.field, sort.field)) {
				const arrow = sort.descending ? theme.glyphs.down : theme.glyphs.up;
				column.spec = {...column.spec, header: column.spec.header.trim() ? `${column.spec.header}${arrow}` : arrow, ideal: Math.max(column.spec.ideal, displayWidth(column.spec.header) + 1)};
			}
		}
		return built;
	}, [view, state.marks, theme, now, sort]);
	const fit = fitColumns(
		columns.map((column) => column.spec),
		paneWidth - 1,
		state.runs.columnScroll,
	);
	const moving = columns.filter((column) => !column.spec.frozen).length;
	// How far `]` may scroll: one more while columns are still hidden on the right.
	useReportList('runs-columns', fit.hiddenRight > 0 ? fit.scroll + 1 : fit.scroll, 1);
	const byId = new Map(columns.map((column) => [column.spec.id, column]));

	const parts: string[] = [];
	if (runs.value) parts.push(state.runs.filter ? `${view.matching} of ${view.total} runs` : `${view.total} run${view.total === 1 ? '' : 's'}`);
	if (sort.field.kind !== 'start' || !sort.descending) parts.push(`by ${fieldLabel(sort.field)}`);
	if (fit.hiddenLeft + fit.hiddenRight > 0) parts.push(`${fit.hiddenLeft > 0 ? '[' : ''}cols ${fit.hiddenLeft + 1}-${moving - fit.hiddenRight}/${moving}${fit.hiddenRight > 0 ? ']' : ''}`);
	if (state.runs.showDeleted) parts.push('incl. deleted');
	const title = `Runs${experiment ? ` · ${sanitizeLine(experiment.name)}` : ''}`;

	if (state.overlay?.kind === 'sort' && focused) {
		return (
			<Box flexDirection="column" width={paneWidth} height={height} overflowY="hidden">
				<SortPicker options={sortOptions(view)} index={state.overlay.index} current={sort} width={paneWidth} height={height} />
			</Box>
		);
	}

	let body: React.JSX.Element;
	if (!experiment) {
		body = <Notice text={data.experiments.value ? 'No experiment selected.' : 'Reading the store…'} width={paneWidth} />;
	} else if (runs.error) {
		body = <Notice text={`Cannot read the runs: ${runs.error}`} width={paneWidth} tone="error" />;
	} else if (!runs.value) {
		body = <Notice text="Reading runs…" width={paneWidth} />;
	} else if (view.total === 0) {
		body = <Notice text={state.runs.showDeleted ? 'No runs in this experiment.' : 'No active runs in this experiment (D shows deleted ones).'} width={paneWidth} />;
	} else if (view.rows.length === 0) {
		body = <Notice text="No run matches the filter (/ to change it)." width={paneWidth} />;
	} else {
		// Cells for the rows on screen only: the table may hold thousands.
		const rows: TableRow[] = view.rows.slice(scroll, scroll + bodyHeight).map((row, index) => ({
			key: row.id,
			selected: scroll + index === data.selectedIndex,
			dim: row.record.run.info.lifecycle_stage === 'deleted',
			cells: fit.columns.map((column) => byId.get(column.id)!.cell(row)),
		}));
		body = (
			<Box>
				<Table columns={fit.columns} rows={rows} height={bodyHeight} scroll={0} focused={focused} />
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={paneWidth} height={height} overflowY="hidden">
			<PaneTitle title={title} info={parts.join(' · ')} width={paneWidth} focused={focused} />
			{filterLine > 0 && <Notice text={`filter: ${state.runs.filter}`} width={paneWidth} />}
			{body}
		</Box>
	);
}
