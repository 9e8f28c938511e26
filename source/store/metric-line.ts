// MLflow's metric line format and "latest value" rule, shared by every backend that
// reads metric files (run metrics and logged-model metrics).

import type {Metric} from './types.js';

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const INT = /^[+-]?\d+$/;

/** Python's float() for the spellings MLflow writes: `0.5`, `1e-05`, `nan`, `inf`, `-inf`. */
export function parseFloatPy(text: string): number | undefined {
	const lower = text.toLowerCase();
	if (lower === 'nan' || lower === '+nan' || lower === '-nan') return Number.NaN;
	if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Number.POSITIVE_INFINITY;
	if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
	return FLOAT.test(text) ? Number(text) : undefined;
}

function parseIntPy(text: string): number | undefined {
	return INT.test(text) ? Number(text) : undefined;
}

export type LineResult = {metric: Metric} | {error: string};

/**
 * One line of a metric file. Run metric files hold 2, 3 or 5 fields
 * (`ts value`, `ts value step`, `ts value step dataset_name dataset_digest`); logged-model
 * metric files hold 4 or 6 (the run id after the step).
 */
export function parseMetricLine(key: string, line: string, kind: 'run' | 'model'): LineResult {
	const parts = line.trim().split(' ');
	const allowed = kind === 'run' ? [2, 3, 5] : [4, 6];
	if (!allowed.includes(parts.length)) {
		return {error: `${parts.length} fields; a ${kind} metric line has ${allowed.join(', ')}`};
	}
	const timestamp = parseIntPy(parts[0]!);
	if (timestamp === undefined) return {error: `timestamp '${parts[0]}' is not an integer`};
	const value = parseFloatPy(parts[1]!);
	if (value === undefined) return {error: `value '${parts[1]}' is not a number`};
	// MLflow's file store (3.1 to 3.17 at least) reads the step of a run metric line only
	// when it has exactly 3 fields: a point logged against a dataset comes back at step 0.
	// mlwatch reads stores exactly as MLflow does, so it does the same (see docs/mlflow-quirks.md).
	const step = kind === 'run' ? (parts.length === 3 ? parseIntPy(parts[2]!) : 0) : parseIntPy(parts[2]!);
	if (step === undefined) return {error: `step '${parts[2]}' is not an integer`};
	const metric: Metric = {key, value, timestamp, step};
	if (kind === 'model') {
		metric.run_id = parts[3]!;
		if (parts.length === 6) {
			metric.dataset_name = parts[4]!;
			metric.dataset_digest = parts[5]!;
		}
	} else if (parts.length === 5) {
		metric.dataset_name = parts[3]!;
		metric.dataset_digest = parts[4]!;
	}
	return {metric};
}

/**
 * MLflow's order for "latest": max of the tuple (step, timestamp, value), keeping the
 * earlier point on ties. Comparisons with NaN are false, as in Python.
 */
export function isLater(candidate: Metric, current: Metric): boolean {
	if (candidate.step !== current.step) return candidate.step > current.step;
	if (candidate.timestamp !== current.timestamp) return candidate.timestamp > current.timestamp;
	return candidate.value > current.value;
}
