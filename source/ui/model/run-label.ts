// How a run is named on screen. Runs from MLflow 1.x often have no name at all, so the
// short id stands in; names come from the store and are made safe for the terminal.

import type {RunRecord} from '../../store/run-record.js';
import type {Run} from '../../store/types.js';
import {sanitizeLine} from '../../text/sanitize.js';

export const PARENT_TAG = 'mlflow.parentRunId';
const NAME_TAG = 'mlflow.runName';

export function runId(run: Run): string {
	return run.info.run_id || run.info.run_uuid;
}

/** The run's name, or undefined when it has none. */
export function runName(run: Run): string | undefined {
	const name = run.info.run_name || run.data.tags.find((tag) => tag.key === NAME_TAG)?.value;
	return name ? sanitizeLine(name) : undefined;
}

/** A name for tables and legends: the run name, else the first 8 characters of the id. */
export function runLabel(run: Run): string {
	return runName(run) ?? runId(run).slice(0, 8);
}

export function parentRunId(run: Run): string | undefined {
	return run.data.tags.find((tag) => tag.key === PARENT_TAG)?.value || undefined;
}

export function tagValue(run: Run, key: string): string | undefined {
	return run.data.tags.find((tag) => tag.key === key)?.value;
}

export function paramValue(run: Run, key: string): string | undefined {
	return run.data.params.find((param) => param.key === key)?.value;
}

export function latestValue(record: RunRecord, key: string): number | undefined {
	return record.summaries[key]?.latest.value ?? record.run.data.metrics.find((metric) => metric.key === key)?.value;
}

/** How long the run took, or has been going for when it is still running. */
export function runDuration(run: Run, now: number): number | undefined {
	const start = run.info.start_time;
	if (start === undefined) return undefined;
	const end = run.info.end_time ?? (run.info.status === 'RUNNING' ? now : undefined);
	return end === undefined ? undefined : end - start;
}

/** "40s", "12m", "5h", "3d", or the date when older than two months: an age at a glance. */
export function ageText(ms: number | undefined, now: number): string {
	if (ms === undefined) return '';
	const seconds = Math.max(0, Math.round((now - ms) / 1000));
	if (seconds < 60) return `${seconds}s`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
	if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)}h`;
	if (seconds < 60 * 86400) return `${Math.floor(seconds / 86400)}d`;
	const date = new Date(ms);
	return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** When the run last did something, by its own clock (start, end, metric timestamps). */
export function lastActivity(record: RunRecord): number | undefined {
	if (record.lastWrite > 0) return record.lastWrite;
	const {info} = record.run;
	const latest = Math.max(info.end_time ?? 0, info.start_time ?? 0);
	return latest > 0 ? latest : undefined;
}

/** Labels that tell runs apart: a name shared by several runs gets the short id after it. */
export function distinctLabels(records: readonly RunRecord[]): Map<string, string> {
	const counts = new Map<string, number>();
	for (const record of records) counts.set(runLabel(record.run), (counts.get(runLabel(record.run)) ?? 0) + 1);
	return new Map(
		records.map((record) => {
			const label = runLabel(record.run);
			const shared = (counts.get(label) ?? 0) > 1 && runName(record.run) !== undefined;
			return [runId(record.run), shared ? `${label} ${runId(record.run).slice(0, 8)}` : label];
		}),
	);
}
