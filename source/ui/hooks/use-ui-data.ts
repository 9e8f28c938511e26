// Everything read from the store for the current screen, plus what is derived from it
// (the filtered, sorted, nested runs; the comparison matrix). Only what is on screen is
// read: the registry when the models pane shows, histories when a chart shows.

import {useMemo, useRef, useState} from 'react';
import type {RunRecord} from '../../store/run-record.js';
import type {Experiment, Run} from '../../store/types.js';
import {compareTable, type CompareTable} from '../model/compare-rows.js';
import {modelRows, type ModelRow} from '../model/model-rows.js';
import {runId} from '../model/run-label.js';
import type {RunRow} from '../model/run-tree.js';
import type {RunningEntry} from '../model/running-rows.js';
import {runsView, type RunsView} from '../model/runs-view.js';
import {metricKeysByUse} from '../model/run-columns.js';
import type {UiState} from '../state/state.js';
import {useExperiments} from './use-experiments.js';
import {useStoreOverview, type ExperimentStats} from './use-store-overview.js';
import type {AsyncValue} from './use-async.js';
import {useNow} from './use-now.js';
import {useRegistry, useRunRecord, useRunRecords, useSummaries} from './use-run-data.js';
import {useRuns} from './use-runs.js';
import {useRecords} from './use-records.js';

export interface UiData {
	experiments: AsyncValue<Experiment[]>;
	/** In list order, deleted ones only when asked for. */
	visibleExperiments: Experiment[];
	stats: ReadonlyMap<string, ExperimentStats>;
	/** Every running run of the active experiments; undefined until the store has been looked at once. */
	running?: readonly RunningEntry[] | undefined;
	experimentNames: ReadonlyMap<string, string>;
	/** The experiment under the cursor. */
	experiment?: Experiment;
	runs: AsyncValue<readonly Run[]>;
	view: RunsView;
	selectedRow?: RunRow;
	selectedIndex: number;
	/** The run the detail pane shows. */
	detailRecord?: RunRecord;
	detailLoading: boolean;
	compareRecords: RunRecord[];
	compare: CompareTable;
	/** Rows of the comparison the cursor can stop on. */
	compareSelectable: CompareTable['rows'];
	compareMetricKeys: string[];
	modelRows: ModelRow[];
	registryLoading: boolean;
	now: number;
}

const NO_EXPERIMENTS: Experiment[] = [];

/** Rows around the cursor whose summaries are read: more than any screen shows. */
const SUMMARY_SPAN = 100;
const SUMMARY_STEP = 50;

/** Which runs want summaries: the rows near the cursor (in steps, so scrolling asks seldom) and the running ones. */
export function summaryWindow(rows: readonly RunRow[], selectedIndex: number, records: readonly RunRecord[]): string[] {
	const start = Math.max(0, Math.floor((selectedIndex - SUMMARY_SPAN / 2) / SUMMARY_STEP) * SUMMARY_STEP);
	const ids = rows.slice(start, start + SUMMARY_SPAN + SUMMARY_STEP).map((row) => row.id);
	for (const record of records) if (record.run.info.status === 'RUNNING') ids.push(record.run.info.run_id);
	return [...new Set(ids)].sort();
}

/** The window's ids as last set, changed only when they differ (so the read is not asked again). */
function useSummaryWindow(): [string[], (ids: string[]) => void] {
	const shown = useRef<string[]>([]);
	const [ids, setIds] = useState<string[]>([]);
	const set = (next: string[]) => {
		if (next.length === shown.current.length && next.every((id, index) => id === shown.current[index])) return;
		shown.current = next;
		// After this render: a render must not set state synchronously.
		queueMicrotask(() => setIds(next));
	};
	return [ids, set];
}

export function useUiData(state: UiState, visible: readonly string[]): UiData {
	const experiments = useExperiments();
	const all = experiments.value ?? NO_EXPERIMENTS;
	const visibleExperiments = useMemo(() => all.filter((experiment) => state.showDeletedExperiments || experiment.lifecycle_stage === 'active'), [all, state.showDeletedExperiments]);
	const {stats, running} = useStoreOverview(experiments.value);
	const experimentNames = useMemo(() => new Map(all.map((experiment) => [experiment.experiment_id, experiment.name])), [all]);
	const experiment = all.find((candidate) => candidate.experiment_id === state.experimentId) ?? visibleExperiments[0];

	const runs = useRuns(experiment?.experiment_id, state.runs.showDeleted);
	// Summaries (sparklines, logging rhythm) for the rows near the cursor and the running runs.
	const [summaryIds, setSummaryIds] = useSummaryWindow();
	const summaries = useSummaries(summaryIds, summaryIds.length > 0);
	const records = useRecords(runs.value, summaries.value);
	const anyRunning = records.some((record) => record.run.info.status === 'RUNNING');
	const tick = useNow(anyRunning);
	// Fresh with every update too, so a run that just wrote never shows a stale age; the
	// same between updates, so a key press does not rebuild what depends on the clock.
	const now = useMemo(() => Date.now(), [tick, records]);
	// Only a sort by duration depends on the clock (running runs' durations grow).
	const sortNow = state.runs.sort.field.kind === 'duration' ? now : 0;
	const overlay = state.overlay;
	// While typing a filter, show what it matches as soon as it parses.
	const filter = overlay?.kind === 'filter' ? overlay.text : state.runs.filter;
	const view = useMemo(
		() => runsView(records, {filter, sort: state.runs.sort, folded: state.runs.folded, primaryMetric: state.runs.primaryMetric, now: sortNow}),
		[records, filter, state.runs.sort, state.runs.folded, state.runs.primaryMetric, sortNow],
	);
	const liveView = overlay?.kind === 'filter' && view.filterError ? runsView(records, {filter: state.runs.filter, sort: state.runs.sort, folded: state.runs.folded, primaryMetric: state.runs.primaryMetric, now: sortNow}) : view;
	if (overlay?.kind === 'filter' && view.filterError) liveView.filterError = view.filterError;
	// Before the user moves the cursor, it stays on the run it was first shown on (not on
	// the first row), so a new run appearing above does not move it onto another run.
	const firstShown = useRef<string | undefined>(undefined);
	const wanted = state.runs.selectedId ?? firstShown.current;
	const foundIndex = liveView.rows.findIndex((row) => row.id === wanted);
	const selectedIndex = foundIndex >= 0 ? foundIndex : 0;
	if (state.runs.selectedId === undefined) firstShown.current = liveView.rows[selectedIndex]?.id;
	const selectedRow = liveView.rows[selectedIndex];
	setSummaryIds(summaryWindow(liveView.rows, selectedIndex, records));

	const detailVisible = visible.includes('detail');
	const detailId = state.detail.runId ?? selectedRow?.id;
	const inList = detailId === undefined ? undefined : records.find((record) => runId(record.run) === detailId);
	const fetched = useRunRecord(detailId, detailVisible && !inList);
	const detailRecord = inList ?? fetched.value ?? undefined;

	const compareVisible = visible.includes('compare');
	const markIds = state.marks.map((mark) => mark.id);
	const fresh = useRunRecords(markIds, compareVisible);
	const compareRecords = useMemo(() => state.marks.map((mark, index) => fresh.value?.[index] ?? mark.record), [state.marks, fresh.value]);
	const compare = useMemo(
		() => compareTable({records: compareRecords, baselineId: state.compare.baselineId, diffOnly: state.compare.diffOnly, directions: state.compare.directions, experimentNames, now}),
		[compareRecords, state.compare.baselineId, state.compare.diffOnly, state.compare.directions, experimentNames, now],
	);
	const compareSelectable = useMemo(() => compare.rows.filter((row) => row.kind !== 'section'), [compare]);
	const compareMetricKeys = useMemo(() => metricKeysByUse(compareRecords).sort(), [compareRecords]);

	const registry = useRegistry(visible.includes('models'));
	const rows = useMemo(() => modelRows(registry.value ?? []), [registry.value]);

	const data: UiData = {
		experiments,
		visibleExperiments,
		stats,
		running,
		experimentNames,
		runs,
		view: liveView,
		selectedIndex,
		detailLoading: detailRecord === undefined && (fetched.loading || runs.loading),
		compareRecords,
		compare,
		compareSelectable,
		compareMetricKeys,
		modelRows: rows,
		registryLoading: registry.loading,
		now,
	};
	if (experiment) data.experiment = experiment;
	if (selectedRow) data.selectedRow = selectedRow;
	if (detailRecord) data.detailRecord = detailRecord;
	return data;
}
