// The runs of one experiment: status, name (children nested under parents), the primary
// metric with a sparkline of its history, the other metrics, and only the params that
// vary. Wider than the screen? Name and status stay put and the rest scrolls with [ ].

import {Box} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../../text/sanitize.js';
import {Notice} from '../../components/Notice.js';
import {PaneTitle} from '../../components/PaneTitle.js';
import {Table, type TableRow} from '../../components/Table.js';
import {useScroll} from '../../hooks/use-scroll.js';
import {fieldLabel} from '../../model/run-sort.js';
import {useTheme} from '../../theme.js';
import type {ViewProps} from '../screen.js';
import {SortPicker} from './SortPicker.js';
import {runsChrome, type RunsModel} from './use-runs-model.js';

/** "← cols 2-8 of 21 →": which of the scrolling columns show, arrows where more are hidden. */
export function columnsInfo(hiddenLeft: number, hiddenRight: number, units: number): string {
	return `${hiddenLeft > 0 ? '← ' : ''}cols ${hiddenLeft + 1}-${units - hiddenRight} of ${units}${hiddenRight > 0 ? ' →' : ''}`;
}

export function RunsView({model, width, height, focused}: ViewProps<RunsModel>): React.JSX.Element {
	const theme = useTheme();
	const {view, experiment, runs, fit, sort} = model;
	const bodyHeight = Math.max(1, height - runsChrome(model.search));
	const scroll = useScroll(model.index, bodyHeight, view.rows.length);

	if (model.sortPicker && focused) {
		return (
			<Box flexDirection="column" width={width} height={height} overflowY="hidden">
				<SortPicker options={model.sortPicker.options} index={model.sortPicker.index} current={sort} width={width} height={height} />
			</Box>
		);
	}

	const parts: string[] = [];
	if (runs.loaded) parts.push(model.search ? `${view.matching} of ${view.total} runs` : `${view.total} run${view.total === 1 ? '' : 's'}`);
	if (sort.field.kind !== 'start' || !sort.descending) parts.push(`by ${fieldLabel(sort.field)}`);
	if (fit && fit.hiddenLeft + fit.hiddenRight > 0) parts.push(columnsInfo(fit.hiddenLeft, fit.hiddenRight, fit.units));
	if (model.showDeleted) parts.push('incl. deleted');
	const title = `Runs${experiment ? ` · ${sanitizeLine(experiment.name)}` : ''}`;

	let body: React.JSX.Element;
	if (!experiment) {
		body = <Notice text={model.experimentsLoaded ? 'No experiment selected.' : 'Reading the store…'} width={width} />;
	} else if (runs.error) {
		body = <Notice text={`Cannot read the runs: ${runs.error}`} width={width} tone="error" />;
	} else if (!runs.loaded) {
		body = <Notice text="Reading runs…" width={width} />;
	} else if (view.total === 0) {
		body = <Notice text={model.showDeleted ? 'No runs in this experiment.' : 'No active runs in this experiment (D shows deleted ones).'} width={width} />;
	} else if (view.rows.length === 0) {
		body = <Notice text={view.queryKind === 'text' ? 'No run name matches the search (/ to change it).' : 'No run matches the filter (/ to change it).'} width={width} />;
	} else if (fit) {
		const byId = new Map(model.columns.map((column) => [column.spec.id, column]));
		// Cells for the rows on screen only: the table may hold thousands.
		const rows: TableRow[] = view.rows.slice(scroll, scroll + bodyHeight).map((row, offset) => ({
			key: row.id,
			selected: scroll + offset === model.index,
			dim: row.record.run.info.lifecycle_stage === 'deleted',
			cells: fit.columns.map((column) => byId.get(column.id)!.cell(row)),
		}));
		body = (
			<Box>
				<Table columns={fit.columns} rows={rows} height={bodyHeight} scroll={0} focused={focused} />
			</Box>
		);
	} else {
		body = <Notice text="" width={width} />;
	}
	const searchWord = view.queryKind === 'text' ? 'search' : 'filter';
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<PaneTitle title={title} info={parts.join(' · ')} width={width} focused={focused} />
			{model.search !== '' && <Notice text={`${searchWord}: ${model.search}`} width={width} />}
			{body}
		</Box>
	);
}
