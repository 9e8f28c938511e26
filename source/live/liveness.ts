// Is a RUNNING run still alive? A killed job never writes its end status, so a run can say
// RUNNING forever. Judge by how long it has been quiet compared with its own logging rhythm.

import type {RunRecord} from '../store/backend.js';

export type Liveness = 'live' | 'stalled' | 'dead' | 'ended';

export interface LivenessReport {
	state: Liveness;
	/** ms since the run last wrote anything. */
	quietMs: number;
	/** The run's typical gap between writes (ms), when it can be estimated. */
	intervalMs?: number;
}

export const STALL_MIN_MS = 5 * 60_000;
export const STALL_FACTOR = 5;
export const DEAD_MS = 6 * 60 * 60_000;

/** Typical interval between logged points, from the metric summaries. */
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

export function liveness(record: RunRecord, now = Date.now()): LivenessReport {
	const quietMs = Math.max(0, now - record.lastWrite);
	const status = record.run.info.status;
	if (status !== 'RUNNING') return {state: 'ended', quietMs};
	const intervalMs = typicalInterval(record);
	const stallAfter = Math.max(STALL_MIN_MS, (intervalMs ?? 0) * STALL_FACTOR);
	const state: Liveness = quietMs > Math.max(DEAD_MS, stallAfter * 10) ? 'dead' : quietMs > stallAfter ? 'stalled' : 'live';
	return {state, quietMs, intervalMs};
}
