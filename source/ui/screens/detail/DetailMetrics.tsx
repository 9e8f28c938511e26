// A run's metrics: last, min, max, last step, points and a sparkline each, with a full
// chart of the selected one underneath (or filling the pane after Enter).

import {Box, Text} from 'ink';
import React from 'react';
import type {RunRecord} from '../../../store/run-record.js';
import type {Metric, MetricSummary} from '../../../store/types.js';
import type {AsyncValue} from '../../hooks/use-async.js';
import {formatNumber} from '../../../text/format.js';
import {sanitizeLine} from '../../../text/sanitize.js';
import {displayWidth, truncate} from '../../../text/width.js';
import {useScroll} from '../../hooks/use-scroll.js';
import {fitColumns, type ColumnSpec} from '../../model/fit-columns.js';
import {formatAxis, historyPoints} from '../../model/history-points.js';
import {sparkline} from '../../model/sparkline.js';
import type {XAxis} from '../../state/state.js';
import {useTheme} from '../../theme.js';
import {CHART_MIN} from './use-detail-model.js';
import {MetricChart} from '../../components/MetricChart.js';
import {Notice} from '../../components/Notice.js';
import {Table, type TableRow} from '../../components/Table.js';

interface Props {
	record: RunRecord;
	/** The rows (searched). */
	metrics: MetricSummary[];
	/** Whether the chart shows (see use-detail-model.ts); its history. */
	showChart: boolean;
	history: AsyncValue<Metric[][]>;
	index: number;
	width: number;
	height: number;
	focused: boolean;
	zoom: boolean;
	xAxis: XAxis;
}

export function DetailMetrics({record, metrics, showChart, history: histories, index, width, height, focused, zoom, xAxis}: Props): React.JSX.Element {
	const theme = useTheme();
	const selected = metrics[Math.min(index, metrics.length - 1)];
	// The chart shares the pane when there is room for both.
	const tableHeight = zoom ? 0 : showChart ? Math.max(2, Math.min(metrics.length + 1, height - CHART_MIN - 1)) : height;
	const chartHeight = height - tableHeight;
	const scroll = useScroll(index, Math.max(1, tableHeight - 1), metrics.length);
	if (metrics.length === 0) return <Notice text={Object.keys(record.summaries).length > 0 ? 'No metric name matches the search.' : 'This run logged no metrics.'} width={width} />;
	const sparkWidth = Math.max(6, Math.min(24, Math.floor(width / 5)));
	const specs: ColumnSpec[] = [
		{id: 'key', header: 'METRIC', ideal: Math.min(40, Math.max(6, ...metrics.map((summary) => displayWidth(sanitizeLine(summary.key))))), min: 10, frozen: true, flex: true},
		{id: 'last', header: 'LAST', ideal: Math.max(4, ...metrics.map((summary) => formatNumber(summary.latest.value).length)), min: 4, align: 'right'},
		{id: 'spark', header: '', ideal: sparkWidth, min: 6},
		{id: 'min', header: 'MIN', ideal: Math.max(3, ...metrics.map((summary) => formatNumber(summary.min).length)), min: 3, align: 'right'},
		{id: 'max', header: 'MAX', ideal: Math.max(3, ...metrics.map((summary) => formatNumber(summary.max).length)), min: 3, align: 'right'},
		{id: 'step', header: 'STEP', ideal: Math.max(4, ...metrics.map((summary) => String(summary.latest.step).length)), min: 4, align: 'right'},
		{id: 'points', header: 'POINTS', ideal: Math.max(6, ...metrics.map((summary) => String(summary.count).length)), min: 4, align: 'right'},
	];
	// No sparkline column when every history is a single point.
	const fit = fitColumns(metrics.some((summary) => summary.count > 1) ? specs : specs.filter((spec) => spec.id !== 'spark'), width - 1, 0);
	const rows: TableRow[] = metrics.map((summary, at) => {
		const cells: Record<string, {text: string; color?: string | undefined}> = {
			key: {text: summary.key},
			last: {text: formatNumber(summary.latest.value), color: Number.isFinite(summary.latest.value) ? undefined : theme.paint('red')},
			spark: {text: summary.count > 1 ? sparkline(summary.sample, sparkWidth, theme.glyphs) : '', color: theme.paint('cyan')},
			min: {text: formatNumber(summary.min)},
			max: {text: formatNumber(summary.max)},
			step: {text: String(summary.latest.step)},
			points: {text: String(summary.count)},
		};
		return {key: summary.key, selected: at === index, cells: fit.columns.map((column) => cells[column.id] ?? {text: ''})};
	});

	let chart: React.JSX.Element | undefined;
	if (showChart && selected) {
		const history = histories.value?.[0];
		const title = ` ${sanitizeLine(selected.key)} against ${xAxis === 'step' ? 'step' : 'time since start'} · ${selected.count} point${selected.count === 1 ? '' : 's'}${selected.nonFinite ? ' (NaN/inf not drawn)' : ''} · t: ${xAxis === 'step' ? 'time' : 'step'} · Enter: ${zoom ? 'back' : 'full size'}`;
		chart = (
			<Box flexDirection="column" height={chartHeight}>
				<Text wrap="truncate" bold>
					{truncate(title, width, theme.glyphs.ellipsis)}
				</Text>
				{history ? (
					<MetricChart series={[historyPoints(history, xAxis, record.run.info.start_time)]} width={width - 1} height={chartHeight - 1} formatX={formatAxis(xAxis)} colors={[theme.paint('cyan')]} />
				) : (
					<Notice text={histories.error ? `Cannot read the history: ${histories.error}` : 'Reading the history…'} width={width} tone={histories.error ? 'error' : 'info'} />
				)}
			</Box>
		);
	}
	return (
		<Box flexDirection="column" height={height}>
			{tableHeight > 0 && (
				<Box height={tableHeight}>
					<Table columns={fit.columns} rows={rows} height={tableHeight - 1} scroll={scroll} focused={focused} />
				</Box>
			)}
			{chart}
		</Box>
	);
}
