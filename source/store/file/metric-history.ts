// Whole metric histories, for charts and `mlwatch history`: read a chunk at a time into
// columns (a million points as a million objects would be a hundred megabytes), then
// either turned into MLflow's Metric objects or downsampled for a chart.

import {downsample} from '../downsample.js';
import type {Metric, Problem} from '../types.js';
import {readBounded} from './fs-sync.js';
import {CHUNK_BYTES, eachPoint} from './metric-scan.js';
import type {Refresh} from './run-state.js';

const MAX_LINE_PROBLEMS = 5;

export interface HistoryColumns {
	length: number;
	steps: Float64Array;
	timestamps: Float64Array;
	values: Float64Array;
	/** Points logged against a dataset (5-field lines), by index. */
	datasets: Map<number, {name: string; digest: string}>;
	/** The logging run of each point of a logged model's metric file, by index. */
	runIds?: string[];
}

function grow(columns: HistoryColumns, need: number): void {
	if (need <= columns.steps.length) return;
	const size = Math.max(need, columns.steps.length * 2);
	for (const name of ['steps', 'timestamps', 'values'] as const) {
		const next = new Float64Array(size);
		next.set(columns[name]);
		columns[name] = next;
	}
}

function pushPoint(columns: HistoryColumns, step: number, timestamp: number, value: number): void {
	if (columns.length === columns.steps.length) grow(columns, columns.length + 1);
	const index = columns.length++;
	columns.steps[index] = step;
	columns.timestamps[index] = timestamp;
	columns.values[index] = value;
}

function push(columns: HistoryColumns, metric: Metric): void {
	grow(columns, columns.length + 1);
	const index = columns.length++;
	columns.steps[index] = metric.step;
	columns.timestamps[index] = metric.timestamp;
	columns.values[index] = metric.value;
	if (metric.dataset_name !== undefined) columns.datasets.set(index, {name: metric.dataset_name, digest: metric.dataset_digest ?? ''});
	if (metric.run_id !== undefined) (columns.runIds ??= [])[index] = metric.run_id;
}

/** Reads a metric file whole, in chunks (yielding between them), into columns. */
export function* readHistory(path: string, key: string, kind: 'run' | 'model' = 'run'): Refresh<{columns: HistoryColumns; problems: Problem[]; missing: boolean}> {
	const columns: HistoryColumns = {length: 0, steps: new Float64Array(1024), timestamps: new Float64Array(1024), values: new Float64Array(1024), datasets: new Map()};
	const problems: Problem[] = [];
	let offset = 0;
	let lines = 0;
	for (;;) {
		const read = readBounded(path, CHUNK_BYTES, offset, true);
		if (!read.ok) {
			if (!read.missing) problems.push({path, reason: `cannot read: ${read.reason}`, effect: 'history not shown'});
			return {columns, problems, missing: read.missing};
		}
		const bytes = read.bytes;
		const last = bytes.lastIndexOf(0x0a);
		if (last < 0) {
			// No complete line in a whole chunk: an over-long line (skipped) or the end.
			if (!read.truncated) break;
			problems.push({path, reason: `line ${lines + 1} is longer than ${CHUNK_BYTES >> 20} MB`, effect: 'rest of the history not shown'});
			break;
		}
		lines = eachPoint(
			bytes,
			last + 1,
			key,
			kind,
			(step, timestamp, value, metric) => {
				if (metric && (metric.dataset_name !== undefined || metric.run_id !== undefined)) push(columns, metric);
				else pushPoint(columns, step, timestamp, value);
			},
			(line, error) => {
				if (problems.length < MAX_LINE_PROBLEMS) problems.push({path, reason: `line ${line}: ${error}`, effect: 'line ignored'});
			},
			lines,
		);
		offset += last + 1;
		if (!read.truncated && offset >= read.size) break;
		yield;
	}
	return {columns, problems, missing: false};
}

export function metricAt(columns: HistoryColumns, key: string, index: number): Metric {
	const metric: Metric = {key, value: columns.values[index]!, timestamp: columns.timestamps[index]!, step: columns.steps[index]!};
	const dataset = columns.datasets.get(index);
	if (dataset) {
		metric.dataset_name = dataset.name;
		metric.dataset_digest = dataset.digest;
	}
	const runId = columns.runIds?.[index];
	if (runId !== undefined) metric.run_id = runId;
	return metric;
}

/** Every point, in logged order. */
export function allPoints(columns: HistoryColumns, key: string): Metric[] {
	const out: Metric[] = new Array(columns.length);
	for (let index = 0; index < columns.length; index++) out[index] = metricAt(columns, key, index);
	return out;
}

/** At most about `maxPoints`, in step order, keeping each stretch's first, last, lowest and highest. */
export function chartPoints(columns: HistoryColumns, key: string, maxPoints: number): Metric[] {
	return downsample({length: columns.length, step: (index) => columns.steps[index]!, value: (index) => columns.values[index]!}, maxPoints).map((index) => metricAt(columns, key, index));
}

/** A small file read whole at once (logged models' metrics). */
export function readHistoryPoints(path: string, key: string, kind: 'run' | 'model'): {metrics: Metric[]; problems: Problem[]} {
	const reading = readHistory(path, key, kind);
	for (let step = reading.next(); ; step = reading.next()) {
		if (step.done) return {metrics: allPoints(step.value.columns, key), problems: step.value.problems};
	}
}
