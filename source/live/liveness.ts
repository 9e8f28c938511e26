// Is a RUNNING run still alive? A killed job never writes its end status, so a run can say
// RUNNING forever. Judge by how long it has been quiet compared with its own logging rhythm:
// a run that logs every second is suspicious after minutes, one that logs once an epoch
// only after hours.

import type {RunRecord} from '../store/run-record.js';
import {formatDuration} from '../text/format.js';

export type Liveness = 'live' | 'stalled' | 'dead' | 'ended';

export interface LivenessReport {
	state: Liveness;
	/** ms since the run last wrote anything. */
	quietMs: number;
	/** The run's typical gap between writes (ms), when it can be estimated. */
	intervalMs?: number;
	/** Quiet for longer than this (ms) and a RUNNING run counts as stalled. */
	stallAfterMs?: number;
	/** Quiet for longer than this (ms) and it is probably dead. */
	deadAfterMs?: number;
}

/** Never call a run stalled before it has been quiet this long. */
export const STALL_MIN_MS = 5 * 60_000;
/** Stalled after this many of its usual intervals without a write. */
export const STALL_FACTOR = 5;
/** A run without enough points to have a rhythm yet (still loading data, say). */
export const NO_RHYTHM_STALL_MS = 15 * 60_000;
/** Probably dead after this long, or DEAD_FACTOR times the stall threshold if longer. */
export const DEAD_MS = 6 * 60 * 60_000;
export const DEAD_FACTOR = 10;

/** Typical interval between logged points: the median over metrics of each one's mean gap. */
export function typicalInterval(record: RunRecord): number | undefined {
	const intervals: number[] = [];
	for (const summary of Object.values(record.summaries)) {
		if (summary.count >= 3 && summary.lastTimestamp > summary.firstTimestamp) {
			intervals.push((summary.lastTimestamp - summary.firstTimestamp) / (summary.count - 1));
		}
	}
	if (intervals.length === 0) return undefined;
	intervals.sort((a, b) => a - b);
	return intervals[Math.floor(intervals.length / 2)];
}

/** When the run last showed a sign of life: its newest write, else its start. */
function lastSign(record: RunRecord): number | undefined {
	if (record.lastWrite > 0) return record.lastWrite;
	return record.run.info.start_time;
}

export function liveness(record: RunRecord, now = Date.now()): LivenessReport {
	const last = lastSign(record);
	// A writer whose clock runs ahead of ours looks like it wrote in the future: call it 0.
	const quietMs = last === undefined ? 0 : Math.max(0, now - last);
	if (record.run.info.status !== 'RUNNING') return {state: 'ended', quietMs};
	const intervalMs = typicalInterval(record);
	const stallAfterMs = intervalMs === undefined ? NO_RHYTHM_STALL_MS : Math.max(STALL_MIN_MS, intervalMs * STALL_FACTOR);
	const deadAfterMs = Math.max(DEAD_MS, stallAfterMs * DEAD_FACTOR);
	const state: Liveness = last === undefined ? 'live' : quietMs > deadAfterMs ? 'dead' : quietMs > stallAfterMs ? 'stalled' : 'live';
	return {state, quietMs, intervalMs, stallAfterMs, deadAfterMs};
}

/** A short flag for tables: '' for healthy and ended runs, "stalled 12m", "dead? 7h03m". */
export function livenessFlag(report: LivenessReport): string {
	if (report.state === 'stalled') return `stalled ${formatDuration(report.quietMs)}`;
	if (report.state === 'dead') return `dead? ${formatDuration(report.quietMs)}`;
	return '';
}

/** What the headless JSON carries per run (next to MLflow's own fields). */
export function livenessJson(report: LivenessReport): {state: Liveness; quiet_ms: number; interval_ms?: number; stall_after_ms?: number} {
	const json: {state: Liveness; quiet_ms: number; interval_ms?: number; stall_after_ms?: number} = {state: report.state, quiet_ms: Math.round(report.quietMs)};
	if (report.intervalMs !== undefined) json.interval_ms = Math.round(report.intervalMs);
	if (report.stallAfterMs !== undefined) json.stall_after_ms = Math.round(report.stallAfterMs);
	return json;
}
