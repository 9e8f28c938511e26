// One metric across the compared runs on one chart, a colour and a legend line per run.

import {Box, Text} from 'ink';
import React from 'react';
import {formatNumber} from '../../text/format.js';
import {sanitizeLine} from '../../text/sanitize.js';
import {truncate} from '../../text/width.js';
import {useMetricHistories} from '../hooks/use-run-data.js';
import {useUiDataContext} from '../hooks/use-ui-data-context.js';
import {formatAxis, historyPoints} from '../model/history-points.js';
import {distinctLabels, latestValue, runId, runLabel} from '../model/run-label.js';
import type {PaneProps} from '../screens.js';
import {useUiState} from '../state/contexts.js';
import {seriesLabel, useTheme} from '../theme.js';
import {MetricChart} from './MetricChart.js';
import {Notice} from './Notice.js';
import {PaneTitle} from './PaneTitle.js';

export function CompareChart({width, height, focused}: PaneProps): React.JSX.Element {
	const theme = useTheme();
	const state = useUiState();
	const data = useUiDataContext();
	const records = data.compareRecords;
	const keys = data.compareMetricKeys;
	const key = state.compare.chartMetric !== undefined && keys.includes(state.compare.chartMetric) ? state.compare.chartMetric : keys[0];
	const ids = records.map((record) => runId(record.run));
	const histories = useMetricHistories(ids, key, key !== undefined);
	const axis = state.compare.xAxis;
	const legendLines = Math.min(records.length, Math.max(1, Math.floor((height - 2) / 3)));
	const chartHeight = Math.max(3, height - 1 - legendLines);
	const title = key === undefined ? 'Chart' : `Chart · ${sanitizeLine(key)} (${keys.indexOf(key) + 1}/${keys.length}) · x: ${axis === 'step' ? 'step' : 'time since each run started'}`;
	const baseline = data.compare.baseline;
	const order = records.map((_, index) => index).filter((index) => index !== baseline);
	if (baseline >= 0) order.push(baseline);
	const colors = records.map((_, index) => theme.seriesColor(index));
	const distinct = distinctLabels(records);

	let chart: React.JSX.Element;
	if (key === undefined) chart = <Notice text="The marked runs log no metrics." width={width} />;
	else if (histories.error) chart = <Notice text={`Cannot read histories: ${histories.error}`} width={width} tone="error" />;
	else if (!histories.value) chart = <Notice text="Reading histories…" width={width} />;
	else {
		const series = histories.value.map((history, index) => historyPoints(history, axis, records[index]?.run.info.start_time));
		chart = <MetricChart series={series} width={width - 1} height={chartHeight} formatX={formatAxis(axis)} colors={colors} drawOrder={order} />;
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<PaneTitle title={title} info="j/k metric · t x-axis · Esc table" width={width} focused={focused} />
			<Box height={chartHeight} flexDirection="column">
				{chart}
			</Box>
			{records.slice(0, legendLines).map((record, index) => {
				const history = histories.value?.[index];
				const value = key === undefined ? undefined : latestValue(record, key);
				const mark = theme.color ? theme.glyphs.bullet : seriesLabel(index);
				const facts = `${distinct.get(runId(record.run)) ?? runLabel(record.run)}${index === baseline ? ` ${theme.glyphs.baseline} baseline` : ''} · ${sanitizeLine(data.experimentNames.get(record.run.info.experiment_id) ?? '')} · last ${formatNumber(value)}${history ? ` · ${history.length} points` : ''}`;
				return (
					<Text key={runId(record.run)} wrap="truncate">
						<Text color={colors[index]} bold>{` ${mark} `}</Text>
						<Text>{truncate(facts, Math.max(0, width - 4), theme.glyphs.ellipsis)}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
