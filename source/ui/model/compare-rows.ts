// The comparison matrix: one column per marked run, one row per key. Params that are the
// same everywhere are hidden unless asked for (MLflow's compare page buries the one
// differing param among a hundred), metrics know which way is better, and a pinned
// baseline turns values into deltas.

import type {RunRecord} from '../../store/run-record.js';
import {formatDuration, formatTime} from '../../text/format.js';
import {sanitizeLine} from '../../text/sanitize.js';
import {bestOf, directionOf, type Direction} from './metric-direction.js';
import {latestValue, paramValue, runDuration, runId} from './run-label.js';
import {metricKeysByUse, paramKeys} from './run-columns.js';

export type CompareRow =
	| {kind: 'section'; title: string}
	| {kind: 'info'; key: string; values: string[]}
	| {kind: 'metric'; key: string; direction: Direction; values: Array<number | undefined>; best?: number; deltas?: Array<number | undefined>}
	| {kind: 'param'; key: string; values: Array<string | undefined>; differs: boolean};

export interface CompareInput {
	records: readonly RunRecord[];
	baselineId?: string;
	diffOnly: boolean;
	directions: Readonly<Record<string, Direction>>;
	experimentNames: ReadonlyMap<string, string>;
	now: number;
}

export interface CompareTable {
	rows: CompareRow[];
	params: number;
	differingParams: number;
	/** Column of the baseline run, or -1. */
	baseline: number;
}

export function compareTable(input: CompareInput): CompareTable {
	const {records} = input;
	const baseline = input.baselineId === undefined ? -1 : records.findIndex((record) => runId(record.run) === input.baselineId);
	const rows: CompareRow[] = [{kind: 'section', title: 'Run'}];
	rows.push({kind: 'info', key: 'experiment', values: records.map((record) => sanitizeLine(input.experimentNames.get(record.run.info.experiment_id) ?? record.run.info.experiment_id))});
	rows.push({kind: 'info', key: 'status', values: records.map((record) => record.run.info.status)});
	rows.push({kind: 'info', key: 'started', values: records.map((record) => formatTime(record.run.info.start_time))});
	rows.push({kind: 'info', key: 'duration', values: records.map((record) => formatDuration(runDuration(record.run, input.now)))});

	const metrics = metricKeysByUse(records).sort();
	rows.push({kind: 'section', title: `Metrics (${metrics.length})`});
	for (const key of metrics) {
		const direction = directionOf(key, input.directions);
		const values = records.map((record) => latestValue(record, key));
		const row: CompareRow = {kind: 'metric', key, direction, values};
		// A best value only means something when the runs differ.
		const finite = values.filter((value): value is number => value !== undefined && Number.isFinite(value));
		if (records.length > 1 && new Set(finite).size > 1) {
			const best = bestOf(values, direction);
			if (best !== undefined) row.best = best;
		}
		if (baseline >= 0) {
			const reference = values[baseline];
			row.deltas = values.map((value, column) => (column === baseline || value === undefined || reference === undefined ? undefined : value - reference));
		}
		rows.push(row);
	}

	const params = paramKeys(records);
	const paramRows = params.map((key): CompareRow => {
		const values = records.map((record) => paramValue(record.run, key));
		return {kind: 'param', key, values, differs: new Set(values).size > 1};
	});
	const differing = paramRows.filter((row) => row.kind === 'param' && row.differs).length;
	rows.push({kind: 'section', title: input.diffOnly ? `Params: ${differing} of ${params.length} differ` : `Params (${params.length}, ${differing} differ)`});
	rows.push(...paramRows.filter((row) => !input.diffOnly || (row.kind === 'param' && row.differs)));
	return {rows, params: params.length, differingParams: differing, baseline};
}

/** Signed, short: "+0.0123", "-4.1e-05". */
export function formatDelta(delta: number): string {
	if (delta === 0) return '±0';
	const sign = delta > 0 ? '+' : '-';
	const abs = Math.abs(delta);
	const text = abs >= 1e5 || abs < 1e-3 ? abs.toExponential(1) : String(Number(abs.toPrecision(3)));
	return sign + text;
}
