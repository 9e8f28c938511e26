// MLflow's SQL encoding of metric values, undone: NaN is stored as 0 with is_nan = 1, and
// ±Infinity as ±1.7976931348623157e308 (the largest double), because SQL has neither.
// mlwatch gives back what was logged, as the file store keeps it.

import type {Metric} from '../types.js';

export const DOUBLE_MAX = 1.7976931348623157e308;

/** The logged value of a stored one. */
export function metricValue(value: unknown, isNan: unknown): number {
	if (isNan === 1 || isNan === true) return Number.NaN;
	if (value === null || value === undefined) return Number.NaN;
	const number = Number(value);
	if (number >= DOUBLE_MAX) return Number.POSITIVE_INFINITY;
	if (number <= -DOUBLE_MAX) return Number.NEGATIVE_INFINITY;
	return number;
}

/**
 * The same mapping as SQL over a row of `alias` (value, is_nan): NaN becomes NULL (it
 * compares with nothing) and the clamped values become SQLite's infinities (9e999).
 */
export function sqlMetricValue(alias: string): string {
	return `(CASE WHEN ${alias}.is_nan THEN NULL WHEN ${alias}.value >= ${DOUBLE_MAX} THEN 9e999 WHEN ${alias}.value <= -${DOUBLE_MAX} THEN -9e999 ELSE ${alias}.value END)`;
}

/** A finite stored value (min and max count only those). */
export function sqlFinite(alias: string): string {
	return `(NOT ${alias}.is_nan AND ${alias}.value < ${DOUBLE_MAX} AND ${alias}.value > -${DOUBLE_MAX})`;
}

export function toNumber(value: unknown): number | undefined {
	if (value === null || value === undefined) return undefined;
	const number = Number(value);
	return Number.isNaN(number) ? undefined : number;
}

export interface MetricRow {
	key: string;
	value: unknown;
	timestamp: unknown;
	step: unknown;
	is_nan: unknown;
}

export function toMetric(row: MetricRow, runId: string): Metric {
	return {key: row.key, value: metricValue(row.value, row.is_nan), timestamp: toNumber(row.timestamp) ?? 0, step: toNumber(row.step) ?? 0, run_id: runId};
}
