// What deserves a bell or a desktop notification: a run finished, failed or was killed,
// logged NaN or infinity, or went quiet for too long. `detectAlerts` compares two looks at
// the runs; `AlertMonitor` keeps the previous look and finds runs that left the running set.

import type {TrackingStore} from '../store/contract.js';
import {recordOf, type RunRecord} from '../store/run-record.js';
import {liveness} from './liveness.js';
import {runningNow} from './running-now.js';

export type AlertKind = 'finished' | 'failed' | 'killed' | 'non-finite' | 'stalled';

export interface Alert {
	kind: AlertKind;
	runId: string;
	/** Run name as stored (not sanitized: the sink or the screen does that). */
	runName: string;
	experimentId: string;
	/** For `non-finite`: the metric keys that logged NaN or ±inf. */
	metrics?: string[];
	/** One line for people, e.g. "run 'bert-3' failed". */
	message: string;
}

function describe(kind: AlertKind, name: string, metrics?: string[]): string {
	switch (kind) {
		case 'finished':
			return `run '${name}' finished`;
		case 'failed':
			return `run '${name}' failed`;
		case 'killed':
			return `run '${name}' was killed`;
		case 'non-finite':
			return `run '${name}' logged NaN or infinity in ${metrics!.join(', ')}`;
		case 'stalled':
			return `run '${name}' has stopped writing (still says RUNNING)`;
	}
}

function alert(kind: AlertKind, record: RunRecord, metrics?: string[]): Alert {
	const {info} = record.run;
	const runName = info.run_name ?? info.run_id;
	const made: Alert = {kind, runId: info.run_id, runName, experimentId: info.experiment_id, message: describe(kind, runName, metrics)};
	if (metrics) made.metrics = metrics;
	return made;
}

/** What a run looked like before anything was seen of it: running, nothing logged. */
function blank(record: RunRecord): RunRecord {
	return {run: {...record.run, info: {...record.run.info, status: 'RUNNING'}}, summaries: {}, lastWrite: record.run.info.start_time ?? 0};
}

/**
 * Alerts for what changed between two looks at the same runs, taken at `previousNow` and
 * `now`. A run missing from `prev` counts only if it started after `previousNow` (a new
 * run); runs missing from `next` are ignored (see AlertMonitor for those).
 */
export function detectAlerts(prev: RunRecord[], next: RunRecord[], now: number, previousNow = now): Alert[] {
	const before = new Map(prev.map((record) => [record.run.info.run_id, record]));
	const alerts: Alert[] = [];
	for (const record of next) {
		let old = before.get(record.run.info.run_id);
		if (!old) {
			const start = record.run.info.start_time;
			if (start === undefined || start < previousNow) continue;
			old = blank(record);
		}
		const was = old.run.info.status;
		const is = record.run.info.status;
		if (was === 'RUNNING' && is !== 'RUNNING') {
			if (is === 'FINISHED') alerts.push(alert('finished', record));
			else if (is === 'FAILED') alerts.push(alert('failed', record));
			else if (is === 'KILLED') alerts.push(alert('killed', record));
		}
		const broken = Object.values(record.summaries)
			.filter((summary) => summary.nonFinite && !old.summaries[summary.key]?.nonFinite)
			.map((summary) => summary.key);
		if (broken.length > 0) alerts.push(alert('non-finite', record, broken));
		if (is === 'RUNNING' && was === 'RUNNING') {
			const then = liveness(old, previousNow).state;
			const nowState = liveness(record, now).state;
			if (then === 'live' && (nowState === 'stalled' || nowState === 'dead')) alerts.push(alert('stalled', record));
		}
	}
	return alerts;
}

/**
 * Keeps the last look at the running runs. The first look only takes a baseline (no
 * alerts for what was already so when mlwatch started).
 */
export class AlertMonitor {
	private previous?: {records: RunRecord[]; at: number};

	/** Look at every running run in the store; returns what changed since the last look. */
	async check(store: TrackingStore, now = Date.now()): Promise<Alert[]> {
		const running = (await runningNow(store, now)).map((entry) => entry.record);
		return this.observe(running, async (runId) => {
			const run = await store.getRun(runId);
			return run && recordOf(run);
		}, now);
	}

	/**
	 * The same for running runs the caller has already read (the TUI reads the whole store
	 * once per update for several screens). `finalState` reads a run that left the running
	 * set, to say how it ended.
	 */
	async observe(running: readonly RunRecord[], finalState: (runId: string) => Promise<RunRecord | undefined>, now = Date.now()): Promise<Alert[]> {
		const ids = new Set(running.map((record) => record.run.info.run_id));
		const next = [...running];
		for (const old of this.previous?.records ?? []) {
			if (ids.has(old.run.info.run_id)) continue;
			const final = await finalState(old.run.info.run_id);
			if (final) next.push(final);
		}
		const alerts = this.previous ? detectAlerts(this.previous.records, next, now, this.previous.at) : [];
		this.previous = {records: [...running], at: now};
		return alerts;
	}
}
