// One run: a header (status, liveness, times), then sections: metrics with charts,
// params, tags (MLflow's own behind `a`), artifacts, inputs, models. `/` narrows the
// metrics, params, tags and artifacts to the names that contain the text.

import {Box, Text} from 'ink';
import React from 'react';
import type {RunRecord} from '../../../store/run-record.js';
import {liveness} from '../../../live/liveness.js';
import {formatAgo, formatDuration, formatTime} from '../../../text/format.js';
import {sanitizeLine} from '../../../text/sanitize.js';
import {truncate} from '../../../text/width.js';
import {detailTags, systemTagCount} from '../../model/detail-rows.js';
import {runDuration, runId, runLabel} from '../../model/run-label.js';
import type {ViewProps} from '../screen.js';
import {DETAIL_TABS, type DetailTab} from './state.js';
import {DETAIL_CHROME, type DetailModel} from './use-detail-model.js';
import {useTheme} from '../../theme.js';
import {DetailArtifacts} from './DetailArtifacts.js';
import {DetailInputs} from './DetailInputs.js';
import {DetailMetrics} from './DetailMetrics.js';
import {DetailModels} from './DetailModels.js';
import {KeyValueList} from './KeyValueList.js';
import {Notice} from '../../components/Notice.js';
import {PaneTitle} from '../../components/PaneTitle.js';
import {statusColor} from '../../model/runs-table.js';

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

export function RunDetailView({model, width, height, focused}: ViewProps<DetailModel>): React.JSX.Element {
	const theme = useTheme();
	const {record, tab, showSystemTags} = model;
	const bodyHeight = Math.max(1, height - DETAIL_CHROME);
	if (!record) {
		return (
			<Box flexDirection="column" width={width} height={height} overflowY="hidden">
				<PaneTitle title="Run" width={width} focused={focused} />
				<Notice text={model.loading ? 'Reading the run…' : 'No run selected.'} width={width} />
			</Box>
		);
	}
	const title = `Run · ${runLabel(record.run)}${model.marked ? ` ${theme.glyphs.mark}` : ''}`;
	const facts = runFacts(record, model.experimentName, model.now);
	const hidden = systemTagCount(record);
	const index = model.list.index;
	const searchNote = model.search ? `search: ${model.search}${model.searchInfo ? ` · ${model.searchInfo.matching} of ${model.searchInfo.total}` : ' (not in this section)'}` : '';
	const noteLines = searchNote ? 1 : 0;
	const sectionHeight = Math.max(1, bodyHeight - noteLines);

	let body: React.JSX.Element;
	switch (tab) {
		case 'metrics':
			body = <DetailMetrics record={record} metrics={model.metrics} showChart={model.showChart} history={model.history} index={index} width={width} height={sectionHeight} focused={focused} zoom={model.chartZoom} xAxis={model.xAxis} />;
			break;
		case 'params':
			body = model.params.length === 0 ? <Notice text={record.run.data.params.length === 0 ? 'This run has no params.' : 'No param matches the search.'} width={width} /> : <KeyValueList items={model.params} index={index} width={width} height={sectionHeight} focused={focused} keyColor={theme.paint('yellow')} />;
			break;
		case 'tags': {
			const note = hidden > 0 ? (showSystemTags ? `${hidden} mlflow.* tags shown (a hides them)` : `${hidden} mlflow.* tags hidden (a shows them)`) : '';
			body = (
				<Box flexDirection="column" height={sectionHeight}>
					{note && <Text dimColor>{truncate(' ' + note, width)}</Text>}
					{model.tags.length === 0 ? <Notice text={detailTags(record, showSystemTags).length > 0 ? 'No tag matches the search.' : 'No tags.'} width={width} /> : <KeyValueList items={model.tags} index={index} width={width} height={sectionHeight - (note ? 1 : 0)} focused={focused} />}
				</Box>
			);
			break;
		}
		case 'artifacts':
			body = <DetailArtifacts tree={model.artifacts} nodes={model.artifactNodes} index={index} width={width} height={sectionHeight} focused={focused} />;
			break;
		case 'inputs':
			body = <DetailInputs record={record} index={index} width={width} height={sectionHeight} focused={focused} />;
			break;
		case 'models':
			body = <DetailModels record={record} models={model.models} index={index} width={width} height={sectionHeight} focused={focused} />;
			break;
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<PaneTitle title={title} info={record.run.info.status} width={width} focused={focused} />
			<Text wrap="truncate">
				<Text color={theme.paint(statusColor(record, model.now))}>{' ' + theme.glyphs.status(record.run.info.status) + ' '}</Text>
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
			{searchNote && <Notice text={searchNote} width={width} />}
			{body}
		</Box>
	);
}
