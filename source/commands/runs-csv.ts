// `mlwatch runs --csv`: one row per run with the columns of `mlflow.search_runs`
// (run_id, experiment_id, status, artifact_uri, start_time, end_time, metrics.*,
// params.*, tags.*); and the CSV spelling the other commands' --csv share.

import type {Run} from '../store/types.js';
import {isoTime} from '../text/format.js';
import {sanitize} from '../text/sanitize.js';

export type CsvValue = string | number | undefined;

function cell(value: CsvValue): string {
	if (value === undefined) return '';
	// Escape sequences are made visible: a CSV is often looked at in a terminal. --json keeps exact values.
	const text = typeof value === 'number' ? (Number.isNaN(value) ? 'NaN' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value)) : sanitize(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header and rows as CSV (RFC 4180 quoting), ending in a newline. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
	return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

export function runsToCsv(runs: Run[]): string {
	const keys = (pick: (run: Run) => Array<{key: string}>) => [...new Set(runs.flatMap((run) => pick(run).map((entry) => entry.key)))].sort();
	const metricKeys = keys((run) => run.data.metrics);
	const paramKeys = keys((run) => run.data.params);
	const tagKeys = keys((run) => run.data.tags);
	const header = ['run_id', 'experiment_id', 'status', 'artifact_uri', 'start_time', 'end_time', ...metricKeys.map((key) => `metrics.${key}`), ...paramKeys.map((key) => `params.${key}`), ...tagKeys.map((key) => `tags.${key}`)];
	const lines = [header.map(cell).join(',')];
	for (const run of runs) {
		const metrics = new Map(run.data.metrics.map((metric) => [metric.key, metric.value]));
		const params = new Map(run.data.params.map((param) => [param.key, param.value]));
		const tags = new Map(run.data.tags.map((tag) => [tag.key, tag.value]));
		lines.push(
			[
				run.info.run_id,
				run.info.experiment_id,
				run.info.status,
				run.info.artifact_uri,
				isoTime(run.info.start_time),
				isoTime(run.info.end_time),
				...metricKeys.map((key) => metrics.get(key)),
				...paramKeys.map((key) => params.get(key)),
				...tagKeys.map((key) => tags.get(key)),
			]
				.map(cell)
				.join(','),
		);
	}
	return lines.join('\n') + '\n';
}
