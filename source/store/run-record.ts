// A run with what the screens need beside MLflow's own shape: metric summaries (for the
// runs and keys shown) and when the run last recorded anything. Built on the contract,
// so every backend gives the same records.

import type {Metric, MetricSummary, Run} from './types.js';

export interface RunRecord {
	run: Run;
	/** Per metric key, for the keys summarised so far (possibly none). */
	summaries: Record<string, MetricSummary>;
	/** Newest moment the run recorded (ms since epoch): start, end, metric timestamps; 0 when none. */
	lastWrite: number;
}

const NO_SUMMARIES: Record<string, MetricSummary> = Object.freeze({}) as Record<string, MetricSummary>;

/** Newest start, end, latest-metric or summarised timestamp. */
export function lastRecordedOf(run: Run, summaries: Record<string, MetricSummary> = NO_SUMMARIES): number {
	let last = Math.max(run.info.start_time ?? 0, run.info.end_time ?? 0);
	for (const metric of run.data.metrics) if (metric.timestamp > last) last = metric.timestamp;
	for (const key in summaries) {
		const newest = summaries[key]!.lastTimestamp;
		if (newest > last) last = newest;
	}
	return Number.isFinite(last) ? last : 0;
}

export function recordOf(run: Run, summaries: Record<string, MetricSummary> = NO_SUMMARIES): RunRecord {
	return {run, summaries, lastWrite: lastRecordedOf(run, summaries)};
}

/** A summary made from the latest value alone, where nothing better was asked for. */
export function latestOnly(metric: Metric): MetricSummary {
	const finite = Number.isFinite(metric.value);
	const summary: MetricSummary = {
		key: metric.key,
		latest: metric,
		count: 1,
		minStep: metric.step,
		maxStep: metric.step,
		firstTimestamp: metric.timestamp,
		lastTimestamp: metric.timestamp,
		sample: [metric.value],
		nonFinite: !finite,
	};
	if (finite) {
		summary.min = metric.value;
		summary.max = metric.value;
	}
	return summary;
}
