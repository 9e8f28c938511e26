// The columns of the runs table: what each shows for a run and how wide it wants to be.
// A table of a thousand runs is rebuilt on every store update, so the text of each cell
// that does not depend on the clock is kept per run record: the store hands back the same
// record object while a run has not changed, so only changed runs are formatted again.

import type {RunRecord} from '../../store/run-record.js';
import {liveness} from '../../live/liveness.js';
import {formatDuration, formatNumber} from '../../text/format.js';
import {sanitizeLine} from '../../text/sanitize.js';
import {displayWidth} from '../../text/width.js';
import type {TableCell} from '../components/Table.js';
import type {Theme} from '../theme.js';
import type {ColumnSpec} from './fit-columns.js';
import {ageText, distinctLabels, latestValue, paramValue, runDuration, runLabel, runName} from './run-label.js';
import type {SortField} from './run-sort.js';
import {treePrefix, type RunRow} from './run-tree.js';
import type {RunsView} from './runs-view.js';
import {sparkline} from './sparkline.js';

const SPARK_WIDTH = 12;

export interface RunColumn {
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

const texts = new WeakMap<RunRecord, Map<string, string>>();

/** The text of one cell of a run that depends only on the run (`key` names the cell). */
function remembered(record: RunRecord, key: string, make: () => string): string {
	let known = texts.get(record);
	if (!known) texts.set(record, (known = new Map()));
	let text = known.get(key);
	if (text === undefined) known.set(key, (text = make()));
	return text;
}

const metricText = (record: RunRecord, key: string) => remembered(record, `m:${key}`, () => formatNumber(latestValue(record, key)));
const paramText = (record: RunRecord, key: string) => remembered(record, `p:${key}`, () => compactParam(paramValue(record.run, key)));
const startText = (record: RunRecord, now: number) => remembered(record, `start:${new Date(now).getFullYear()}`, () => shortTime(record.run.info.start_time, now));
const durationText = (record: RunRecord, now: number) => (record.run.info.status === 'RUNNING' ? formatDuration(runDuration(record.run, now)) : remembered(record, 'duration', () => formatDuration(runDuration(record.run, now))));
const sparkText = (record: RunRecord, key: string, theme: Theme) =>
	remembered(record, `s:${key}:${theme.ascii ? 'ascii' : 'unicode'}`, () => {
		const summary = record.summaries[key];
		return summary && summary.count > 1 ? sparkline(summary.sample, SPARK_WIDTH, theme.glyphs) : '';
	});

// Measuring a string's terminal width is slow (grapheme by grapheme), and the same few
// texts ("0.5", "12m ago") fill whole columns.
const widths = new Map<string, number>();
function widthOf(text: string): number {
	let width = widths.get(text);
	if (width === undefined) {
		if (widths.size > 50_000) widths.clear();
		widths.set(text, (width = displayWidth(text)));
	}
	return width;
}

function widest(records: readonly RunRecord[], header: string, cap: number, text: (record: RunRecord) => string): number {
	let most = widthOf(header);
	for (const record of records) {
		if (most >= cap) break;
		most = Math.max(most, widthOf(text(record)));
	}
	return Math.min(cap, most);
}

export interface RunsTableInput {
	rows: readonly RunRow[];
	view: RunsView;
	marks: ReadonlySet<string>;
	theme: Theme;
	now: number;
}

export function runsTableColumns({rows, view, marks, theme, now}: RunsTableInput): RunColumn[] {
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
	let nameWidth = widthOf('NAME');
	for (const name of names.values()) nameWidth = Math.max(nameWidth, widthOf(name));
	const columns: RunColumn[] = [
		{spec: {id: 'mark', header: ' ', ideal: 1, min: 1, frozen: true}, cell: (row) => ({text: marks.has(row.id) ? glyphs.mark : '', color: theme.paint('magenta')})},
		{spec: {id: 'status', header: ' ', ideal: 1, min: 1, frozen: true}, field: {kind: 'status'}, cell: (row) => ({text: glyphs.status(row.record.run.info.status), color: theme.paint(statusColor(row.record, now))})},
		{
			spec: {id: 'name', header: 'NAME', ideal: Math.min(48, nameWidth), min: 10, frozen: true, flex: true},
			field: {kind: 'name'},
			cell: (row) => ({text: names.get(row.id) ?? '', dim: runName(row.record.run) === undefined}),
		},
	];
	const primary = view.primaryMetric;
	const metricColumn = (key: string): RunColumn => ({
		spec: {id: `m:${key}`, header: key, ideal: widest(records, key, 14, (record) => metricText(record, key)), min: 6, align: 'right'},
		field: {kind: 'metric', key},
		cell: (row) => ({text: metricText(row.record, key)}),
	});
	if (primary !== undefined) {
		columns.push(metricColumn(primary));
		// A one-point history makes no picture; leave the room to other columns. The
		// sparkline scrolls with its metric's column: alone it would have no header.
		if (records.some((record) => (record.summaries[primary]?.count ?? 0) > 1))
			columns.push({spec: {id: 'spark', header: '', ideal: SPARK_WIDTH, min: 6, attach: true}, cell: (row) => ({text: sparkText(row.record, primary, theme), color: theme.paint('cyan')})});
	}
	if (view.anyRunning) {
		columns.push({spec: {id: 'live', header: 'LAST WRITE', ideal: widest(records, 'LAST WRITE', 16, (record) => liveCell(record, now, theme).text), min: 8}, cell: (row) => liveCell(row.record, now, theme)});
	}
	for (const key of view.varyingParams) {
		columns.push({
			spec: {id: `p:${key}`, header: key, ideal: widest(records, key, 16, (record) => paramText(record, key)), min: 5},
			field: {kind: 'param', key},
			cell: (row) => ({text: paramText(row.record, key), color: theme.paint('yellow')}),
		});
	}
	for (const key of view.metricKeys) if (key !== primary) columns.push(metricColumn(key));
	columns.push({spec: {id: 'duration', header: 'DURATION', ideal: widest(records, 'DURATION', 10, (record) => durationText(record, now)), min: 6, align: 'right'}, field: {kind: 'duration'}, cell: (row) => ({text: durationText(row.record, now)})});
	columns.push({spec: {id: 'start', header: 'STARTED', ideal: widest(records, 'STARTED', 16, (record) => startText(record, now)), min: 8}, field: {kind: 'start'}, cell: (row) => ({text: startText(row.record, now)})});
	return columns;
}
