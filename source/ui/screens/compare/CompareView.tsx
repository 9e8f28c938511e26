// Marked runs side by side (from any experiments): one column per run, one row per key.
// Params default to the ones that differ (d shows all), each metric's best value stands
// out (which way is better can be flipped per metric with i), and with a baseline pinned
// (b) every other run shows its delta to it.

import {Box, Text} from 'ink';
import React from 'react';
import {formatNumber} from '../../../text/format.js';
import {sanitizeLine} from '../../../text/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../../text/width.js';
import {useScroll} from '../../hooks/use-scroll.js';
import {UiDataContext} from '../../hooks/use-ui-data-context.js';
import {formatDelta, type CompareRow} from '../../model/compare-rows.js';
import {betterThan} from '../../model/metric-direction.js';
import {fitColumns, GAP, scrollToShow, type ColumnSpec} from '../../model/fit-columns.js';
import {distinctLabels, runId, runLabel} from '../../model/run-label.js';
import type {ViewProps} from '../screen.js';
import type {CompareModel} from './use-compare-model.js';
import {useTheme, type Theme} from '../../theme.js';
import {fitCell} from '../../components/Table.js';
import {CompareChart} from '../../components/CompareChart.js';
import {PaneTitle} from '../../components/PaneTitle.js';

interface Cell {
	text: string;
	color?: string | undefined;
	bold?: boolean;
	dim?: boolean;
	underline?: boolean;
	/** The delta to the baseline, coloured by whether it is better. */
	delta?: {text: string; color?: string | undefined};
}

function metricCell(row: Extract<CompareRow, {kind: 'metric'}>, column: number, baseline: number, theme: Theme): Cell {
	const value = row.values[column];
	if (value === undefined) return {text: '—', dim: true};
	const cell: Cell = {text: formatNumber(value)};
	if (row.best !== undefined && value === row.best) {
		cell.bold = true;
		cell.color = theme.paint('green');
		if (!theme.color) cell.underline = true;
	}
	if (!Number.isFinite(value)) cell.color = theme.paint('red');
	const delta = row.deltas?.[column];
	if (delta !== undefined && baseline >= 0) {
		const verdict = betterThan(value, row.values[baseline], row.direction);
		cell.delta = {text: formatDelta(delta), color: verdict < 0 ? theme.paint('red') : verdict > 0 ? theme.paint('green') : undefined};
	}
	return cell;
}

/** A metric value right-aligned with its delta after it; the delta goes first when space is short. */
function metricParts(cell: Cell, width: number, ellipsis: string): {pad: string; value: string; delta: string} {
	const delta = cell.delta ? ' ' + cell.delta.text : '';
	if (displayWidth(cell.text) + displayWidth(delta) <= width) return {pad: ' '.repeat(width - displayWidth(cell.text) - displayWidth(delta)), value: cell.text, delta};
	const value = truncate(cell.text, width, ellipsis);
	return {pad: ' '.repeat(Math.max(0, width - displayWidth(value))), value, delta: ''};
}

function cellsOf(row: CompareRow, count: number, baseline: number, diffOnly: boolean, theme: Theme): Cell[] {
	const cells: Cell[] = [];
	for (let column = 0; column < count; column++) {
		switch (row.kind) {
			case 'info':
				cells.push({text: row.values[column] ?? '', color: row.key === 'status' && row.values[column] === 'FAILED' ? theme.paint('red') : undefined});
				break;
			case 'metric':
				cells.push(metricCell(row, column, baseline, theme));
				break;
			case 'param': {
				const value = row.values[column];
				cells.push(value === undefined ? {text: '—', dim: true} : {text: value, color: row.differs && !diffOnly ? theme.paint('yellow') : undefined, dim: !row.differs});
				break;
			}
			default:
				cells.push({text: ''});
		}
	}
	return cells;
}

function keyText(row: CompareRow, theme: Theme): string {
	if (row.kind === 'metric') return `${row.key} ${row.direction === 'lower' ? theme.glyphs.down : theme.glyphs.up}`;
	if (row.kind === 'section') return row.title;
	return row.key;
}

export function CompareView(props: ViewProps<CompareModel>): React.JSX.Element {
	const {model, width, height, focused} = props;
	if (model.view === 'chart') {
		// The chart reads the comparison from this context (it is shared with the lead's chart work).
		return (
			<UiDataContext.Provider value={{compareRecords: model.records, compareMetricKeys: model.metricKeys, compare: model.table, experimentNames: model.experimentNames}}>
				<CompareChart width={width} height={height} focused={focused} />
			</UiDataContext.Provider>
		);
	}
	return <CompareTableView {...props} />;
}

/** How wide a run's column may grow: its share of the width, at least 24. */
export function runColumnCap(width: number, keyWidth: number, runs: number): number {
	return Math.max(24, Math.floor((width - 1 - keyWidth) / Math.max(1, runs)) - GAP);
}

function CompareTableView({model, width, height, focused}: ViewProps<CompareModel>): React.JSX.Element {
	const theme = useTheme();
	const {table: compare, records, selectable: compareSelectable} = model;
	const rows = compare.rows;
	const bodyHeight = Math.max(1, height - 3);
	const selectedRow = compareSelectable[model.index];
	const fullIndex = Math.max(0, rows.indexOf(selectedRow!));
	const scroll = useScroll(fullIndex, bodyHeight, rows.length);
	const column = model.column;

	const distinct = distinctLabels(records);
	const labels = records.map((record, index) => `${index === compare.baseline ? theme.glyphs.baseline + ' ' : ''}${distinct.get(runId(record.run)) ?? runLabel(record.run)}`);
	const keyIdeal = 2 + Math.min(32, Math.max(8, ...rows.filter((row) => row.kind !== 'section').map((row) => displayWidth(sanitizeLine(keyText(row, theme))))));
	const allCells = rows.map((row) => cellsOf(row, records.length, compare.baseline, model.diffOnly, theme));
	// Columns grow with the width (long experiment names, params), each up to its share.
	const cap = runColumnCap(width, keyIdeal, records.length);
	const specs: ColumnSpec[] = [
		{id: 'key', header: '', ideal: keyIdeal, min: 10, frozen: true},
		...records.map((record, index) => ({
			id: `run:${index}`,
			header: labels[index]!,
			ideal: Math.min(cap, Math.max(8, displayWidth(labels[index]!), ...allCells.map((cells) => displayWidth(sanitizeLine(cells[index]?.text ?? '')) + (cells[index]?.delta ? 1 + displayWidth(cells[index]!.delta!.text) : 0)))),
			min: 8,
		})),
	];
	const columnScroll = scrollToShow(specs, width - 1, 0, column);
	const fit = fitColumns(specs, width - 1, columnScroll);
	const shownRuns = fit.columns.slice(1).map((fitted) => Number(fitted.id.slice(4)));
	const gap = ' '.repeat(GAP);
	const ellipsis = theme.glyphs.ellipsis;
	const keyColumn = fit.columns[0]!;

	const baselineName = compare.baseline >= 0 ? runLabel(records[compare.baseline]!.run) : undefined;
	const info = [model.diffOnly ? `params: ${compare.differingParams} of ${compare.params} differ` : 'all params', baselineName ? `baseline ${baselineName}` : '', fit.hiddenLeft + fit.hiddenRight > 0 ? `runs ${fit.hiddenLeft + 1}-${records.length - fit.hiddenRight}/${records.length}` : '']
		.filter(Boolean)
		.join(' · ');

	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<PaneTitle title={`Compare · ${records.length} runs`} info={info} width={width} focused={focused} />
			<Text wrap="truncate">
				{' ' + padEnd('', keyColumn.width)}
				{fit.columns.slice(1).map((fitted, at) => {
					const index = shownRuns[at]!;
					return (
						<React.Fragment key={fitted.id}>
							{gap}
							<Text bold color={theme.seriesColor(index)} inverse={focused && index === column}>
								{fitCell(fitted.header, fitted.width, 'left', ellipsis)}
							</Text>
						</React.Fragment>
					);
				})}
			</Text>
			{rows.slice(scroll, scroll + bodyHeight).map((row, offset) => {
				const at = scroll + offset;
				if (row.kind === 'section') {
					return (
						<Text key={`s${at}`} wrap="truncate" bold color={theme.paint('cyan')}>
							{truncate(' ' + row.title, width, ellipsis)}
						</Text>
					);
				}
				const selected = row === selectedRow;
				const cells = allCells[at]!;
				return (
					<Text key={`${row.kind}:${row.key}`} wrap="truncate" inverse={selected && focused} bold={selected && !focused}>
						{selected && focused ? theme.glyphs.pointer : ' '}
						<Text color={row.kind === 'param' && row.differs && !model.diffOnly ? theme.paint('yellow') : undefined}>
							{row.kind === 'metric'
								? padEnd(truncate('  ' + sanitizeLine(row.key), keyColumn.width - 2, ellipsis) + ' ' + (row.direction === 'lower' ? theme.glyphs.down : theme.glyphs.up), keyColumn.width)
								: fitCell('  ' + keyText(row, theme), keyColumn.width, 'left', ellipsis)}
						</Text>
						{fit.columns.slice(1).map((fitted, position) => {
							const cell = cells[shownRuns[position]!]!;
							const plain = selected && focused;
							if (row.kind === 'metric') {
								const parts = metricParts(cell, fitted.width, ellipsis);
								return (
									<React.Fragment key={fitted.id}>
										{gap + parts.pad}
										<Text color={plain ? undefined : cell.color} bold={cell.bold === true} dimColor={!plain && cell.dim === true} underline={cell.underline === true}>
											{parts.value}
										</Text>
										<Text color={plain ? undefined : cell.delta?.color}>{parts.delta}</Text>
									</React.Fragment>
								);
							}
							return (
								<React.Fragment key={fitted.id}>
									{gap}
									<Text color={plain ? undefined : cell.color} bold={cell.bold === true} dimColor={!plain && cell.dim === true} underline={cell.underline === true}>
										{fitCell(cell.text, fitted.width, 'left', ellipsis)}
									</Text>
								</React.Fragment>
							);
						})}
					</Text>
				);
			})}
			<Box flexGrow={1} />
			<Text wrap="truncate" dimColor>
				{truncate(` ${theme.glyphs.down} lower is better  ${theme.glyphs.up} higher (i flips)  best ${theme.color ? 'in green' : 'underlined'}  ${theme.glyphs.baseline} baseline (b)  Enter on a metric: chart`, width, ellipsis)}
			</Text>
		</Box>
	);
}
