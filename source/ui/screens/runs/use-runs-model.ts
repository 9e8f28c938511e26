// The runs screen's data: the runs of the experiment under the experiments cursor (paged
// in by use-runs.ts), joined with metric summaries for the rows near the cursor and the
// running ones, searched or filtered (`/`), sorted, nested by parent; the columns fitted
// to the pane, so `]` knows how far it may scroll.

import {useMemo, useRef, useState} from 'react';
import type {RunRecord} from '../../../store/run-record.js';
import type {Experiment, Run} from '../../../store/types.js';
import {displayWidth} from '../../../text/width.js';
import type {AsyncValue} from '../../hooks/use-async.js';
import {useCursor} from '../../hooks/use-cursor.js';
import {useNow} from '../../hooks/use-now.js';
import {useRecords} from '../../hooks/use-records.js';
import {useSummaries} from '../../hooks/use-run-data.js';
import {useRuns} from '../../hooks/use-runs.js';
import {fitColumns, type Fit} from '../../model/fit-columns.js';
import {sameField, type RunSort, type SortField} from '../../model/run-sort.js';
import type {RunRow} from '../../model/run-tree.js';
import {runsTableColumns, type RunColumn} from '../../model/runs-table.js';
import {runsView, type RunsView} from '../../model/runs-view.js';
import {sortOptions} from '../../model/sort-options.js';
import {resolveCursor, searchText} from '../../state/state.js';
import {useTheme} from '../../theme.js';
import type {ExperimentsModel} from '../experiments/use-experiments-model.js';
import type {ModelInput, SearchInfo} from '../screen.js';

export interface RunsModel {
	experiment?: Experiment;
	experimentsLoaded: boolean;
	runs: Pick<AsyncValue<readonly Run[]>, 'loading' | 'error'> & {loaded: boolean};
	records: RunRecord[];
	view: RunsView;
	ids: string[];
	index: number;
	selectedRow?: RunRow;
	/** The applied `/` text. */
	search: string;
	searchInfo: SearchInfo;
	sort: RunSort;
	showDeleted: boolean;
	now: number;
	columns: RunColumn[];
	/** The columns that fit the pane at its sideways scroll; undefined off screen. */
	fit?: Fit;
	/** How far `]` may scroll. */
	maxColumnScroll: number;
	page: number;
	/** The `s` picker, when open. */
	sortPicker?: {options: SortField[]; index: number};
}

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

/** Lines above the table: the title, and the `/` text when one is applied. */
export function runsChrome(search: string): number {
	return 2 + (search ? 1 : 0);
}

export function useRunsModel({state, shared, box, models}: ModelInput): RunsModel {
	const theme = useTheme();
	const experiment = (models['experiments'] as ExperimentsModel | undefined)?.selected;
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
	const {sort, folded, primaryMetric, showDeleted, columnScroll} = state.runs;
	const sortNow = sort.field.kind === 'duration' ? now : 0;
	const typing = searchText(state, 'runs');
	const applied = state.searches['runs'] ?? '';
	const typed = useMemo(() => runsView(records, {filter: typing, sort, folded, primaryMetric, now: sortNow}), [records, typing, sort, folded, primaryMetric, sortNow]);
	// While an expression being typed does not parse, the table keeps the last good result.
	const lastGood = useMemo(() => (typed.filterError ? runsView(records, {filter: applied, sort, folded, primaryMetric, now: sortNow}) : typed), [typed, records, applied, sort, folded, primaryMetric, sortNow]);
	const view = typed.filterError ? {...lastGood, filterError: typed.filterError} : typed;
	const ids = useMemo(() => view.rows.map((row) => row.id), [view.rows]);
	const index = useCursor(state, 'runs', view.rows.length, ids, true);
	const selectedRow = view.rows[index];
	setSummaryIds(summaryWindow(view.rows, index, records));

	const marks = state.marks;
	const columns = useMemo(() => {
		const marked = new Set(marks.map((mark) => mark.id));
		const built = runsTableColumns({rows: view.rows, view, marks: marked, theme, now});
		// Which way the sorted column goes, on its header.
		for (const column of built) {
			if (column.field && sameField(column.field, sort.field)) {
				const arrow = sort.descending ? theme.glyphs.down : theme.glyphs.up;
				column.spec = {...column.spec, header: column.spec.header.trim() ? `${column.spec.header}${arrow}` : arrow, ideal: Math.max(column.spec.ideal, displayWidth(column.spec.header) + 1)};
			}
		}
		return built;
	}, [view, marks, theme, now, sort]);
	const specs = useMemo(() => columns.map((column) => column.spec), [columns]);
	const fit = box ? fitColumns(specs, box.width - 1, columnScroll) : undefined;
	// The first scroll that shows the last column: `]` stops there, however fast it is pressed.
	const maxColumnScroll = useMemo(() => {
		if (!box) return 0;
		let scroll = 0;
		while (fitColumns(specs, box.width - 1, scroll).hiddenRight > 0) scroll++;
		return scroll;
	}, [specs, box?.width]);

	const model: RunsModel = {
		experimentsLoaded: shared.experiments.value !== undefined,
		runs: {loading: runs.loading, loaded: runs.value !== undefined, ...(runs.error ? {error: runs.error} : {})},
		records,
		view,
		ids,
		index,
		search: applied,
		searchInfo: {matching: typed.filterError ? lastGood.matching : typed.matching, total: view.total, noun: 'runs', kind: typed.queryKind, ...(typed.filterError ? {error: typed.filterError} : {})},
		sort,
		showDeleted,
		now,
		columns,
		maxColumnScroll,
		page: box ? Math.max(1, box.height - runsChrome(applied)) : 10,
	};
	if (experiment) model.experiment = experiment;
	if (selectedRow) model.selectedRow = selectedRow;
	if (fit) model.fit = fit;
	if (state.overlay?.kind === 'sort') {
		const options = sortOptions(view);
		model.sortPicker = {options, index: resolveCursor(state.cursors['sort'], options.length)};
	}
	return model;
}
