// One run: a header (status, liveness, times), then sections: metrics with charts,
// params, tags (MLflow's own behind `a`), artifacts, inputs, models.

import {Box, Text} from 'ink';
import React from 'react';
import type {RunRecord} from '../../store/run-record.js';
import {liveness} from '../../live/liveness.js';
import {formatAgo, formatDuration, formatTime} from '../../text/format.js';
import {sanitizeLine} from '../../text/sanitize.js';
import {truncate} from '../../text/width.js';
import {useUiDataContext} from '../hooks/use-ui-data-context.js';
import {detailMetrics, detailParams, detailTags, systemTagCount} from '../model/detail-rows.js';
import {runDuration, runId, runLabel} from '../model/run-label.js';
import type {PaneProps} from '../screens.js';
import {useListRegistry, useUiState} from '../state/contexts.js';
import {DETAIL_TABS, type DetailTab} from '../state/state.js';
import {useTheme} from '../theme.js';
import {DetailArtifacts} from './DetailArtifacts.js';
import {DetailInputs} from './DetailInputs.js';
import {DetailMetrics} from './DetailMetrics.js';
import {DetailModels} from './DetailModels.js';
import {KeyValueList} from './KeyValueList.js';
import {Notice} from './Notice.js';
import {PaneTitle} from './PaneTitle.js';
import {statusColor} from '../model/runs-table.js';

const TAB_TITLES: Record<DetailTab, string> = {metrics: 'Metrics', params: 'Params', tags: 'Tags', artifacts: 'Artifacts', inputs: 'Inputs', models: 'Models'};

function tabCount(record: RunRecord, tab: DetailTab, showSystem: boolean): number | string | undefined {
	switch (tab) {
		case 'metrics':
			return Object.keys(record.summaries).length;
		case 'params':
			return record.run.data.params.length;
		case 'tags': {
			const hidden = showSystem ? 0 : systemTagCount(record);
			const shown = detailTags(record, showSystem).length;
			return hidden > 0 ? `${shown}+${hidden}` : shown;
		}
		case 'inputs':
			return record.run.inputs.dataset_inputs.length + record.run.inputs.model_inputs.length;
		case 'models':
			return record.run.outputs.model_outputs.length || undefined;
		default:
			return undefined;
	}
}

export function runFacts(record: RunRecord, experimentName: string | undefined, now: number): string {
	const {info} = record.run;
	const parts = [info.status + (info.lifecycle_stage === 'deleted' ? ' (deleted)' : '')];
	if (info.status === 'RUNNING') {
		const report = liveness(record, now);
		const ago = formatAgo(record.lastWrite, now);
		parts.push(report.state === 'live' ? `last write ${ago}` : report.state === 'stalled' ? `STALLED: last write ${ago}` : `probably dead: last write ${ago}`);
	}
	if (info.start_time !== undefined) parts.push(`started ${formatTime(info.start_time)}`);
	const duration = formatDuration(runDuration(record.run, now));
	if (duration) parts.push(duration);
	if (experimentName !== undefined) parts.push(`in ${sanitizeLine(experimentName)}`);
	if (info.user_id) parts.push(`by ${sanitizeLine(info.user_id)}`);
	parts.push(runId(record.run));
	return parts.join(' · ');
}

export function RunDetail({width, height, focused}: PaneProps): React.JSX.Element {
	const theme = useTheme();
	const state = useUiState();
	const data = useUiDataContext();
	const record = data.detailRecord;
	const {tab, index, showSystemTags} = state.detail;
	const bodyHeight = Math.max(1, height - 3);
	// Sections that do not report their own size (those reading more from the store do).
	const simpleCount = record === undefined ? 0 : tab === 'metrics' ? detailMetrics(record).length : tab === 'params' ? detailParams(record).length : tab === 'tags' ? detailTags(record, showSystemTags).length : -1;
	const lists = useListRegistry();
	if (simpleCount >= 0) lists.set('detail', {count: simpleCount, page: bodyHeight});

	if (!record) {
		return (
			<Box flexDirection="column" width={width} height={height} overflowY="hidden">
				<PaneTitle title="Run" width={width} focused={focused} />
				<Notice text={data.detailLoading ? 'Reading the run…' : 'No run selected.'} width={width} />
			</Box>
		);
	}
	const marked = state.marks.some((mark) => mark.id === runId(record.run));
	const title = `Run · ${runLabel(record.run)}${marked ? ` ${theme.glyphs.mark}` : ''}`;
	const facts = runFacts(record, data.experimentNames.get(record.run.info.experiment_id), data.now);
	const hidden = systemTagCount(record);

	let body: React.JSX.Element;
	const at = Math.min(index, Math.max(0, simpleCount - 1));
	switch (tab) {
		case 'metrics':
			body = <DetailMetrics record={record} index={at} width={width} height={bodyHeight} focused={focused} zoom={state.detail.chartZoom} xAxis={state.detail.xAxis} />;
			break;
		case 'params':
			body = record.run.data.params.length === 0 ? <Notice text="This run has no params." width={width} /> : <KeyValueList items={detailParams(record)} index={at} width={width} height={bodyHeight} focused={focused} keyColor={theme.paint('yellow')} />;
			break;
		case 'tags': {
			const tags = detailTags(record, showSystemTags);
			const note = hidden > 0 ? (showSystemTags ? `${hidden} mlflow.* tags shown (a hides them)` : `${hidden} mlflow.* tags hidden (a shows them)`) : '';
			body = (
				<Box flexDirection="column" height={bodyHeight}>
					{note && <Text dimColor>{truncate(' ' + note, width)}</Text>}
					{tags.length === 0 ? <Notice text="No tags." width={width} /> : <KeyValueList items={tags} index={at} width={width} height={bodyHeight - (note ? 1 : 0)} focused={focused} />}
				</Box>
			);
			break;
		}
		case 'artifacts':
			body = <DetailArtifacts runId={runId(record.run)} index={index} width={width} height={bodyHeight} focused={focused} />;
			break;
		case 'inputs':
			body = <DetailInputs record={record} index={index} width={width} height={bodyHeight} focused={focused} />;
			break;
		case 'models':
			body = <DetailModels record={record} index={index} width={width} height={bodyHeight} focused={focused} />;
			break;
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<PaneTitle title={title} info={record.run.info.status} width={width} focused={focused} />
			<Text wrap="truncate">
				<Text color={theme.paint(statusColor(record, data.now))}>{' ' + theme.glyphs.status(record.run.info.status) + ' '}</Text>
				<Text dimColor>{truncate(facts, Math.max(0, width - 3), theme.glyphs.ellipsis)}</Text>
			</Text>
			<Text wrap="truncate">
				{DETAIL_TABS.map((candidate) => {
					const count = tabCount(record, candidate, showSystemTags);
					const label = ` ${TAB_TITLES[candidate]}${count !== undefined ? ` ${count}` : ''} `;
					return (
						<Text key={candidate} inverse={candidate === tab} bold={candidate === tab} dimColor={candidate !== tab && count === 0}>
							{label}
						</Text>
					);
				})}
			</Text>
			{body}
		</Box>
	);
}
