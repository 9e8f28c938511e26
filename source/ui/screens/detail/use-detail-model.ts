// The run detail's data: the run (from the runs list when it is there, else read), its
// sections' rows (searched with `/`), and what the section on screen reads from the
// store: the selected metric's history for the chart, the artifact tree, the models.

import {useMemo} from 'react';
import type {RunRecord} from '../../../store/run-record.js';
import type {KeyValue, Metric, MetricSummary} from '../../../store/types.js';
import type {AsyncValue} from '../../hooks/use-async.js';
import {useCursor} from '../../hooks/use-cursor.js';
import {useArtifactTree, useMetricHistories, useRunModels, useRunRecord, type RunModels} from '../../hooks/use-run-data.js';
import type {ArtifactNode, ArtifactTree} from '../../model/artifact-tree.js';
import {detailMetrics, detailParams, detailTags, systemTagCount} from '../../model/detail-rows.js';
import {runId} from '../../model/run-label.js';
import {matchesText, parseSearch} from '../../model/search-query.js';
import {searchText} from '../../state/state.js';
import type {RunsModel} from '../runs/use-runs-model.js';
import type {ModelInput, SearchInfo} from '../screen.js';
import {detailList, type DetailSlice} from './state.js';

/** A chart needs this many rows to be worth drawing beside the table. */
export const CHART_MIN = 8;
/** Title, facts and section tabs above a section. */
export const DETAIL_CHROME = 3;

export interface DetailModel extends DetailSlice {
	record?: RunRecord;
	loading: boolean;
	experimentName?: string;
	marked: boolean;
	now: number;
	metrics: MetricSummary[];
	params: KeyValue[];
	tags: KeyValue[];
	hiddenSystemTags: number;
	artifacts: AsyncValue<ArtifactTree | undefined>;
	/** The artifact rows, searched. */
	artifactNodes: ArtifactNode[];
	models: AsyncValue<RunModels>;
	/** Whether the metrics section has room for a chart (or it is zoomed). */
	showChart: boolean;
	history: AsyncValue<Metric[][]>;
	/** The section's cursor list. */
	list: {id: string; count: number; ids?: string[]; index: number; page: number};
	search: string;
	searchInfo?: SearchInfo;
}

const NO_NODES: ArtifactNode[] = [];

export function useDetailModel({state, shared, box, models}: ModelInput): DetailModel {
	const runs = models['runs'] as RunsModel | undefined;
	const visible = box !== undefined;
	const {tab, runId: openedId, showSystemTags, chartZoom} = state.detail;
	const id = openedId ?? runs?.selectedRow?.id;
	const inList = id === undefined ? undefined : runs?.records.find((record) => runId(record.run) === id);
	const fetched = useRunRecord(id, visible && !inList);
	const record = inList ?? fetched.value ?? undefined;
	const search = searchText(state, 'detail');
	const query = parseSearch(search, false);
	const needle = query.kind === 'text' ? query.needle : undefined;

	const metrics = useMemo(() => detailMetrics(record).filter((summary) => needle === undefined || matchesText(needle, summary.key)), [record, needle]);
	const params = useMemo(() => detailParams(record).filter((item) => needle === undefined || matchesText(needle, item.key, item.value)), [record, needle]);
	const tags = useMemo(() => detailTags(record, showSystemTags).filter((item) => needle === undefined || matchesText(needle, item.key, item.value)), [record, showSystemTags, needle]);
	const artifacts = useArtifactTree(record ? runId(record.run) : undefined, visible && tab === 'artifacts');
	const allNodes = artifacts.value?.nodes ?? NO_NODES;
	const artifactNodes = useMemo(() => (needle === undefined ? allNodes : allNodes.filter((node) => matchesText(needle, node.entry.path))), [allNodes, needle]);
	const runModels = useRunModels(record, visible && tab === 'models');

	const bodyHeight = Math.max(1, (box?.height ?? 10) - DETAIL_CHROME);
	const ids = tab === 'metrics' ? metrics.map((summary) => summary.key) : tab === 'params' ? params.map((item) => item.key) : tab === 'tags' ? tags.map((item) => item.key) : tab === 'artifacts' ? artifactNodes.map((node) => node.entry.path) : undefined;
	const count = ids?.length ?? (tab === 'inputs' ? (record?.run.inputs.dataset_inputs.length ?? 0) : (runModels.value?.logged.length ?? 0));
	const listId = detailList(tab);
	const index = useCursor(state, listId, count, ids);
	const selectedMetric = tab === 'metrics' ? metrics[index] : undefined;
	const showChart = selectedMetric !== undefined && (chartZoom || bodyHeight >= CHART_MIN + 5);
	const history = useMetricHistories(record && selectedMetric ? [runId(record.run)] : [], selectedMetric?.key, visible && showChart);

	const searchable = tab === 'metrics' || tab === 'params' || tab === 'tags' || tab === 'artifacts';
	const total = tab === 'metrics' ? detailMetrics(record).length : tab === 'params' ? (record?.run.data.params.length ?? 0) : tab === 'tags' ? detailTags(record, showSystemTags).length : allNodes.length;
	const model: DetailModel = {
		...state.detail,
		loading: record === undefined && (fetched.loading || (runs?.runs.loading ?? false)),
		marked: record !== undefined && state.marks.some((mark) => mark.id === runId(record.run)),
		now: runs?.now ?? shared.now,
		metrics,
		params,
		tags,
		hiddenSystemTags: showSystemTags ? 0 : systemTagCount(record),
		artifacts,
		artifactNodes,
		models: runModels,
		showChart,
		history,
		list: {id: listId, count, ...(ids ? {ids} : {}), index, page: bodyHeight},
		search: state.searches['detail'] ?? '',
	};
	if (searchable) model.searchInfo = {matching: ids?.length ?? 0, total, noun: tab, kind: query.kind};
	if (record) {
		model.record = record;
		const name = shared.experimentNames.get(record.run.info.experiment_id);
		if (name !== undefined) model.experimentName = name;
	}
	return model;
}
