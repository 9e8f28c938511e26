// Metric summaries and histories, computed by SQLite rather than by fetching every point:
// counts, finite min/max, step and time ranges per (run, key) in one GROUP BY; the
// sparkline sample by cutting each history into equal stretches of points (by row number
// in MLflow's history order) and keeping each stretch's lowest and highest finite value in
// the order they came, or its first NaN/infinity so the sparkline can mark it. Charts get
// the history downsampled by the shared rule (downsample.ts) so that no peak is lost.

import type {HistoryAnswer, SummaryAnswer} from '../contract.js';
import {downsample} from '../downsample.js';
import {SAMPLE_CAPACITY} from '../metric-summary.js';
import type {Metric, MetricSummary} from '../types.js';
import type {SqliteConnection} from './connection.js';
import type {Schema} from './schema.js';
import {metricValue, sqlFinite, toMetric, toNumber, type MetricRow} from './values.js';

const BUCKETS = SAMPLE_CAPACITY / 2;
const IDS = '(SELECT value FROM json_each(?))';
/** MLflow's order of a metric's history (get_metric_history). */
const HISTORY_ORDER = 'timestamp, step, value, is_nan';
const HISTORY_ORDER_OF_M = 'm.timestamp, m.step, m.value, m.is_nan';

interface StatsRow {
	run_uuid: string;
	key: string;
	n: number;
	low: number | null;
	high: number | null;
	min_step: unknown;
	max_step: unknown;
	first_ts: unknown;
	last_ts: unknown;
	odd: number;
}

interface SampleRow {
	kind: 0 | 1 | 2;
	run_uuid: string;
	key: string;
	bucket: number;
	value: unknown;
	rn: number;
	is_nan: unknown;
}

function pairKey(runId: string, key: string): string {
	return `${runId}\0${key}`;
}

export function metricSummaries(connection: SqliteConnection, schema: Schema, runIds: readonly string[], keys?: readonly string[]): SummaryAnswer {
	const answer: SummaryAnswer = {};
	if (runIds.length === 0 || (keys !== undefined && keys.length === 0)) return answer;
	const where = keys === undefined ? `m.run_uuid IN ${IDS}` : `m.run_uuid IN ${IDS} AND m.key IN ${IDS}`;
	const params = keys === undefined ? [JSON.stringify([...new Set(runIds)])] : [JSON.stringify([...new Set(runIds)]), JSON.stringify([...new Set(keys)])];
	const finite = sqlFinite('m');

	return connection.read(() => {
		const stats = connection.all<StatsRow>(
			`SELECT m.run_uuid, m.key, count(*) AS n, min(CASE WHEN ${finite} THEN m.value END) AS low, max(CASE WHEN ${finite} THEN m.value END) AS high,
			 min(m.step) AS min_step, max(m.step) AS max_step, min(m.timestamp) AS first_ts, max(m.timestamp) AS last_ts, max(NOT ${finite}) AS odd
			 FROM ${schema.metrics} m WHERE ${where} GROUP BY m.run_uuid, m.key`,
			params,
		);
		if (stats.length === 0) return answer;

		// SQLite takes the bare columns (rn, is_nan) from the row holding the min or max.
		const samples = connection.all<SampleRow>(
			`WITH numbered AS (
			   SELECT m.run_uuid, m.key, m.value, m.is_nan, ${finite} AS finite,
			     ROW_NUMBER() OVER (PARTITION BY m.run_uuid, m.key ORDER BY ${HISTORY_ORDER_OF_M}) - 1 AS rn,
			     count(*) OVER (PARTITION BY m.run_uuid, m.key) AS n
			   FROM ${schema.metrics} m WHERE ${where}
			 ), points AS MATERIALIZED (SELECT run_uuid, key, value, is_nan, finite, rn, (rn * ${BUCKETS}) / n AS bucket FROM numbered)
			 SELECT 0 AS kind, run_uuid, key, bucket, min(value) AS value, rn, is_nan FROM points WHERE finite GROUP BY run_uuid, key, bucket
			 UNION ALL SELECT 1, run_uuid, key, bucket, max(value), rn, is_nan FROM points WHERE finite GROUP BY run_uuid, key, bucket
			 UNION ALL SELECT 2, run_uuid, key, bucket, value, min(rn), is_nan FROM points WHERE NOT finite GROUP BY run_uuid, key, bucket`,
			params,
		);
		const latest = new Map<string, Metric>();
		for (const row of connection.all<MetricRow & {run_uuid: string}>(`SELECT m.run_uuid, m.key, m.value, m.timestamp, m.step, m.is_nan FROM ${schema.latestMetrics} m WHERE ${where}`, params)) {
			latest.set(pairKey(row.run_uuid, row.key), toMetric(row, row.run_uuid));
		}
		const buckets = new Map<string, Map<number, {low?: SampleRow; high?: SampleRow; odd?: SampleRow}>>();
		for (const row of samples) {
			const pair = pairKey(row.run_uuid, row.key);
			let byBucket = buckets.get(pair);
			if (!byBucket) buckets.set(pair, (byBucket = new Map()));
			const bucket = byBucket.get(row.bucket) ?? {};
			if (row.kind === 0) bucket.low = row;
			else if (row.kind === 1) bucket.high = row;
			else bucket.odd = row;
			byBucket.set(row.bucket, bucket);
		}
		for (const row of stats) {
			const pair = pairKey(row.run_uuid, row.key);
			const sample: number[] = [];
			for (const [, bucket] of [...(buckets.get(pair) ?? new Map()).entries()].sort((a, b) => a[0] - b[0])) {
				if (bucket.odd) {
					sample.push(metricValue(bucket.odd.value, bucket.odd.is_nan));
					continue;
				}
				const {low, high} = bucket;
				if (!low || !high) continue;
				const lowValue = Number(low.value);
				const highValue = Number(high.value);
				if (lowValue === highValue) sample.push(lowValue);
				else if (low.rn <= high.rn) sample.push(lowValue, highValue);
				else sample.push(highValue, lowValue);
			}
			const summary: MetricSummary = {
				key: row.key,
				latest: latest.get(pair) ?? latestFromHistory(connection, schema, row.run_uuid, row.key),
				count: row.n,
				minStep: toNumber(row.min_step) ?? 0,
				maxStep: toNumber(row.max_step) ?? 0,
				firstTimestamp: toNumber(row.first_ts) ?? 0,
				lastTimestamp: toNumber(row.last_ts) ?? 0,
				sample,
				nonFinite: row.odd === 1,
			};
			if (row.low !== null) summary.min = row.low;
			if (row.high !== null) summary.max = row.high;
			(answer[row.run_uuid] ??= {})[row.key] = summary;
		}
		return answer;
	});
}

/** MLflow's latest point (highest step, then timestamp, then value), when latest_metrics lacks it. */
function latestFromHistory(connection: SqliteConnection, schema: Schema, runId: string, key: string): Metric {
	const row = connection.get<MetricRow>(`SELECT key, value, timestamp, step, is_nan FROM ${schema.metrics} WHERE run_uuid = ? AND key = ? ORDER BY step DESC, timestamp DESC, value DESC LIMIT 1`, [runId, key]);
	return row ? toMetric(row, runId) : {key, value: Number.NaN, timestamp: 0, step: 0, run_id: runId};
}

export function metricHistories(connection: SqliteConnection, schema: Schema, runIds: readonly string[], key: string, maxPoints?: number): HistoryAnswer {
	const answer: HistoryAnswer = {histories: {}, totals: {}};
	const sql = `SELECT step, value, is_nan, timestamp FROM ${schema.metrics} WHERE run_uuid = ? AND key = ? ORDER BY ${HISTORY_ORDER}`;
	for (const runId of new Set(runIds)) {
		connection.read(() => {
			if (maxPoints === undefined) {
				const rows = connection.rows(sql, [runId, key]);
				if (rows.length === 0) return;
				answer.histories[runId] = rows.map(([step, value, isNan, timestamp]) => ({key, value: metricValue(value, isNan), timestamp: toNumber(timestamp) ?? 0, step: toNumber(step) ?? 0, run_id: runId}));
				answer.totals[runId] = rows.length;
				return;
			}
			// Columns rather than objects: a history may hold millions of points.
			let length = 0;
			let steps = new Float64Array(1024);
			let values = new Float64Array(1024);
			let timestamps = new Float64Array(1024);
			connection.forEachRow(sql, [runId, key], ([step, value, isNan, timestamp]) => {
				if (length === steps.length) {
					const grow = (from: Float64Array) => {
						const next = new Float64Array(from.length * 2);
						next.set(from);
						return next;
					};
					steps = grow(steps);
					values = grow(values);
					timestamps = grow(timestamps);
				}
				steps[length] = toNumber(step) ?? 0;
				values[length] = metricValue(value, isNan);
				timestamps[length] = toNumber(timestamp) ?? 0;
				length++;
			});
			if (length === 0) return;
			const kept = downsample({length, step: (index) => steps[index]!, value: (index) => values[index]!}, maxPoints);
			answer.histories[runId] = kept.map((index) => ({key, value: values[index]!, timestamp: timestamps[index]!, step: steps[index]!, run_id: runId}));
			answer.totals[runId] = length;
		});
	}
	return answer;
}
