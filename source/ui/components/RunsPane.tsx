// The runs of one experiment: status, name (children nested under parents), the primary
// metric with a sparkline of its history, the other metrics, and only the params that
// vary. Wider than the screen? Name and status stay put and the rest scrolls with [ ].

import {Box} from 'ink';
import React from 'react';
import type {RunRecord} from '../../store/backend.js';
import {liveness} from '../../live/liveness.js';
import {formatDuration, formatNumber} from '../../text/format.js';
import {sanitizeLine} from '../../text/sanitize.js';
import {displayWidth} from '../../text/width.js';
import {useScroll} from '../hooks/use-scroll.js';
import {useUiDataContext} from '../hooks/use-ui-data-context.js';
import {fitColumns, type ColumnSpec} from '../model/fit-columns.js';
import {ageText, distinctLabels, latestValue, paramValue, runDuration, runLabel, runName} from '../model/run-label.js';
import {fieldLabel, sameField, type SortField} from '../model/run-sort.js';
import {treePrefix, type RunRow} from '../model/run-tree.js';
import {sparkline} from '../model/sparkline.js';
import {sortOptions} from '../model/sort-options.js';
import type {PaneProps} from '../screens.js';
import {useReportList, useUiState} from '../state/contexts.js';
import {useTheme, type Theme} from '../theme.js';
import {Notice} from './Notice.js';
import {PaneTitle} from './PaneTitle.js';
import {SortPicker} from './SortPicker.js';
import {Table, type TableCell, type TableRow} from './Table.js';

const SPARK_WIDTH = 12;

interface RunColumn {
	spec: ColumnSpec;
	field?: SortField;
	cell(row: RunRow): TableCell;
}

/** "03-02 23:49", or the year too when it is not this year. */
export function shortTime(ms: number | undefined, now: number): string {
	if (ms === undefined) return '';
	const date = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	const day = `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
	const year = date.getFullYear() === new Date(now).getFullYear() ? '' : `${date.getFullYear()}-`;
	return `${year}${day} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function statusColor(record: RunRecord, now: number): string {
	switch (record.run.info.status) {
		case 'RUNNING': {
			const state = liveness(record, now).state;
			return state === 'live' ? 'green' : state === 'stalled' ? 'yellow' : 'red';
		}
		case 'FAILED':
			return 'red';
		case 'KILLED':
			return 'yellow';
		case 'SCHEDULED':
			return 'blue';
		default:
			return 'gray';
	}
}

function liveCell(record: RunRecord, now: number, theme: Theme): TableCell {
	if (record.run.info.status !== 'RUNNING') return {text: ''};
	const report = liveness(record, now);
	const ago = ageText(record.lastWrite, now);
	if (report.state === 'live') return {text: `${ago} ago`, color: theme.paint('green')};
	if (report.state === 'stalled') return {text: `stalled ${ago}`, color: theme.paint('yellow'), bold: true};
	return {text: `dead? ${ago}`, color: theme.paint('red'), bold: true};
}

/** Long numbers (0.008220475752473) shortened to 5 significant digits; the detail shows them in full. */
export function compactParam(value: string | undefined): string {
	if (value === undefined) return '';
	const number = Number(value);
	if (value.trim() === '' || !Number.isFinite(number) || value.length <= 8) return sanitizeLine(value);
	return formatNumber(number);
}

function width(values: string[], header: string, cap: number): number {
	return Math.min(cap, Math.max(displayWidth(header), ...values.map(displayWidth)));
}

function buildColumns(rows: RunRow[], data: ReturnType<typeof useUiDataContext>, marks: Set<string>, theme: Theme): RunColumn[] {
	const {view, now} = data;
	const records = rows.map((row) => row.record);
	const glyphs = theme.glyphs;
	const labels = distinctLabels(records);
	const names = new Map(
		rows.map((row) => {
			const fold = row.childCount > 0 ? (row.folded ? glyphs.folded : glyphs.unfolded) + ' ' : '';
			const more = (row.folded ? ` (+${row.childCount})` : '') + (row.record.run.info.lifecycle_stage === 'deleted' ? ' (deleted)' : '');
			return [row.id, treePrefix(row, glyphs) + fold + (labels.get(row.id) ?? runLabel(row.record.run)) + more];
		}),
	);
	const columns: RunColumn[] = [
		{spec: {id: 'mark', header: ' ', ideal: 1, min: 1, frozen: true}, cell: (row) => ({text: marks.has(row.id) ? glyphs.mark : '', color: theme.paint('magenta')})},
		{spec: {id: 'status', header: ' ', ideal: 1, min: 1, frozen: true}, field: {kind: 'status'}, cell: (row) => ({text: glyphs.status(row.record.run.info.status), color: theme.paint(statusColor(row.record, now))})},
		{
			spec: {id: 'name', header: 'NAME', ideal: width([...names.values()], 'NAME', 48), min: 10, frozen: true, flex: true},
			field: {kind: 'name'},
			cell: (row) => ({text: names.get(row.id) ?? '', dim: runName(row.record.run) === undefined}),
		},
	];
	const primary = view.primaryMetric;
	const metricColumn = (key: string): RunColumn => {
		const texts = records.map((record) => formatNumber(latestValue(record, key)));
		return {spec: {id: `m:${key}`, header: key, ideal: width(texts, key, 14), min: 6, align: 'right'}, field: {kind: 'metric', key}, cell: (row) => ({text: formatNumber(latestValue(row.record, key))})};
	};
	if (primary !== undefined) {
		columns.push(metricColumn(primary));
		// A one-point history makes no picture; leave the room to other columns.
		if (records.some((record) => (record.summaries[primary]?.count ?? 0) > 1)) columns.push({
			spec: {id: 'spark', header: '', ideal: SPARK_WIDTH, min: 6},
			cell: (row) => {
				const summary = row.record.summaries[primary];
				return {text: summary && summary.count > 1 ? sparkline(summary.sample, SPARK_WIDTH, glyphs) : '', color: theme.paint('cyan')};
			},
		});
	}
	if (view.anyRunning) {
		const texts = records.map((record) => liveCell(record, now, theme).text);
		columns.push({spec: {id: 'live', header: 'LAST WRITE', ideal: width(texts, 'LAST WRITE', 16), min: 8}, cell: (row) => liveCell(row.record, now, theme)});
	}
	for (const key of view.varyingParams) {
		const texts = records.map((record) => compactParam(paramValue(record.run, key)));
		columns.push({spec: {id: `p:${key}`, header: key, ideal: width(texts, key, 16), min: 5}, field: {kind: 'param', key}, cell: (row) => ({text: compactParam(paramValue(row.record.run, key)), color: theme.paint('yellow')})});
	}
	for (const key of view.metricKeys) if (key !== primary) columns.push(metricColumn(key));
	const durations = records.map((record) => formatDuration(runDuration(record.run, now)));
	columns.push({spec: {id: 'duration', header: 'DURATION', ideal: width(durations, 'DURATION', 10), min: 6, align: 'right'}, field: {kind: 'duration'}, cell: (row) => ({text: formatDuration(runDuration(row.record.run, now))})});
	columns.push({spec: {id: 'start', header: 'STARTED', ideal: width(records.map((record) => shortTime(record.run.info.start_time, now)), 'STARTED', 16), min: 8}, field: {kind: 'start'}, cell: (row) => ({text: shortTime(row.record.run.info.start_time, now)})});
	return columns;
}

export function RunsPane({width: paneWidth, height, focused}: PaneProps): React.JSX.Element {
	const theme = useTheme();
	const state = useUiState();
	const data = useUiDataContext();
	const {view, experiment, runs} = data;
	const filterLine = state.runs.filter !== '' ? 1 : 0;
	const bodyHeight = Math.max(1, height - 2 - filterLine);
	useReportList('runs', view.rows.length, bodyHeight);
	const scroll = useScroll(data.selectedIndex, bodyHeight, view.rows.length);
	const marks = new Set(state.marks.map((mark) => mark.id));
	const columns = buildColumns(view.rows, data, marks, theme);
	// Which way the sorted column goes, on its header.
	const sort = state.runs.sort;
	for (const column of columns) {
		if (column.field && sameField(column.field, sort.field)) {
			const arrow = sort.descending ? theme.glyphs.down : theme.glyphs.up;
			column.spec = {...column.spec, header: column.spec.header.trim() ? `${column.spec.header}${arrow}` : arrow, ideal: Math.max(column.spec.ideal, displayWidth(column.spec.header) + 1)};
		}
	}
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
			<Box flexDirection="column" width={paneWidth} height={height} overflow="hidden">
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
		const rows: TableRow[] = view.rows.map((row, index) => ({
			key: row.id,
			selected: index === data.selectedIndex,
			dim: row.record.run.info.lifecycle_stage === 'deleted',
			cells: fit.columns.map((column) => byId.get(column.id)!.cell(row)),
		}));
		body = (
			<Box>
				<Table columns={fit.columns} rows={rows} height={bodyHeight} scroll={scroll} focused={focused} />
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={paneWidth} height={height} overflow="hidden">
			<PaneTitle title={title} info={parts.join(' · ')} width={paneWidth} focused={focused} />
			{filterLine > 0 && <Notice text={`filter: ${state.runs.filter}`} width={paneWidth} />}
			{body}
		</Box>
	);
}
