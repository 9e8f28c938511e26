// The "running now" screen as rows: every run that says RUNNING, worst first, with how
// alive it looks (judged again at `now`, so a run that goes quiet turns stalled on screen
// without waiting for a store change) and the latest value of the most used metric.

import type {RunRecord} from '../../store/run-record.js';
import {liveness, type Liveness} from '../../live/liveness.js';
import {formatDuration, formatNumber} from '../../text/format.js';
import {sanitizeLine} from '../../text/sanitize.js';
import {displayWidth} from '../../text/width.js';
import {GAP, type ColumnSpec} from './fit-columns.js';
import {metricKeysByUse} from './run-columns.js';
import {ageText, distinctLabels, latestValue, runDuration, runId} from './run-label.js';

/** One running run, as read by `runningNow` (the experiment by name: names compare by value). */
export interface RunningEntry {
	experimentName: string;
	record: RunRecord;
}

export interface RunningRow {
	id: string;
	state: Exclude<Liveness, 'ended'>;
	/** The state in a word, so it reads without colour: live, stalled, dead?. */
	word: string;
	experiment: string;
	run: string;
	elapsed: string;
	/** How long since it last wrote: "40s ago". */
	lastWrite: string;
	metric: string;
	value: string;
	/** The latest value is NaN or infinite. */
	badValue: boolean;
}

export const LIVENESS_WORDS: Record<RunningRow['state'], string> = {live: 'live', stalled: 'stalled', dead: 'dead?'};
export const LIVENESS_COLORS: Record<RunningRow['state'], string> = {live: 'green', stalled: 'yellow', dead: 'red'};
const RANK: Record<RunningRow['state'], number> = {dead: 0, stalled: 1, live: 2};

export function runningRows(entries: readonly RunningEntry[], now: number): RunningRow[] {
	const records = entries.map((entry) => entry.record);
	// The same "most used" as the runs pane's primary metric, over the runs listed here;
	// each run shows the first of those it logs.
	const byUse = metricKeysByUse(records);
	const labels = distinctLabels(records);
	const rows = entries.map(({experimentName, record}) => {
		const report = liveness(record, now);
		// Only RUNNING runs are listed; 'ended' cannot happen, but the type allows it.
		const state: RunningRow['state'] = report.state === 'ended' ? 'live' : report.state;
		const metric = byUse.find((key) => latestValue(record, key) !== undefined) ?? '';
		const latest = metric ? latestValue(record, metric) : undefined;
		const id = runId(record.run);
		const elapsed = runDuration(record.run, now);
		return {
			row: {
				id,
				state,
				word: LIVENESS_WORDS[state],
				experiment: sanitizeLine(experimentName),
				run: labels.get(id) ?? id.slice(0, 8),
				// `now` ticks every few seconds: a run that started since then has been going 0s, not ''.
				elapsed: elapsed === undefined ? '' : formatDuration(Math.max(0, elapsed)),
				lastWrite: record.lastWrite > 0 ? `${ageText(record.lastWrite, now)} ago` : '',
				metric: sanitizeLine(metric),
				value: formatNumber(latest),
				badValue: latest !== undefined && !Number.isFinite(latest),
			},
			quietMs: report.quietMs,
			start: record.run.info.start_time ?? 0,
		};
	});
	// Worst first: probably dead, then stalled (longest quiet first), then live. Live runs
	// keep a fixed order (not by last write, which would reshuffle them at every write).
	rows.sort(
		(a, b) =>
			RANK[a.row.state] - RANK[b.row.state] ||
			(a.row.state === 'live' ? 0 : b.quietMs - a.quietMs) ||
			compareText(a.row.experiment, b.row.experiment) ||
			a.start - b.start ||
			compareText(a.row.id, b.row.id),
	);
	return rows.map((entry) => entry.row);
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** "3 running · 1 stalled · 1 dead?" for the title. */
export function runningSummary(rows: readonly RunningRow[]): string {
	const count = (state: RunningRow['state']) => rows.filter((row) => row.state === state).length;
	const parts = [`${rows.length} running`];
	if (count('stalled') > 0) parts.push(`${count('stalled')} stalled`);
	if (count('dead') > 0) parts.push(`${count('dead')} dead?`);
	return parts.join(' · ');
}

type Field = Exclude<keyof RunningRow, 'id' | 'state' | 'badValue'>;

const COLUMNS: Array<{field: Field; header: string; cap: number; min: number; align?: 'right'}> = [
	{field: 'word', header: 'STATE', cap: 7, min: 5},
	{field: 'run', header: 'RUN', cap: 40, min: 8},
	{field: 'experiment', header: 'EXPERIMENT', cap: 30, min: 6},
	{field: 'elapsed', header: 'ELAPSED', cap: 9, min: 6, align: 'right'},
	{field: 'lastWrite', header: 'LAST WRITE', cap: 12, min: 8},
	{field: 'metric', header: 'METRIC', cap: 24, min: 6},
	{field: 'value', header: 'LATEST', cap: 12, min: 6, align: 'right'},
];
/** Given up first when the names do not fit, down to their minimum. */
const SHRINKS_FIRST: Field[] = ['experiment', 'run', 'metric'];

/**
 * Columns for `width` cells: as wide as their content, and when that is too wide the
 * names give way (widest first), so every column still shows at 80 columns.
 */
export function runningColumns(rows: readonly RunningRow[], width: number): Array<ColumnSpec & {id: Field}> {
	const specs = COLUMNS.map(({field, header, cap, min, align}) => {
		const ideal = Math.min(cap, Math.max(displayWidth(header), ...rows.map((row) => displayWidth(row[field]))));
		const spec: ColumnSpec & {id: Field} = {id: field, header, ideal, min: Math.min(min, ideal), frozen: field === 'word' || field === 'run', flex: field === 'run'};
		if (align) spec.align = align;
		return spec;
	});
	const total = () => specs.reduce((sum, spec) => sum + spec.ideal, 0) + GAP * (specs.length - 1);
	while (total() > width) {
		const widest = specs.filter((spec) => SHRINKS_FIRST.includes(spec.id) && spec.ideal > spec.min).sort((a, b) => b.ideal - a.ideal)[0];
		if (!widest) break;
		widest.ideal -= 1;
	}
	return specs;
}
