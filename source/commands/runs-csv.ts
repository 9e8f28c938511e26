// `mlwatch runs --csv`: one row per run with the columns of `mlflow.search_runs`
// (run_id, experiment_id, status, artifact_uri, start_time, end_time, metrics.*,
// params.*, tags.*).

import type {Run} from '../store/types.js';
import {sanitize} from '../text/sanitize.js';

function cell(value: string | number | undefined): string {
	if (value === undefined) return '';
	// Escape sequences are made visible: a CSV is often looked at in a terminal. --json keeps exact values.
	const text = typeof value === 'number' ? (Number.isNaN(value) ? 'NaN' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value)) : sanitize(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** ISO 8601, or the number itself when it lies outside JavaScript's dates. */
const iso = (ms: number | undefined) => {
	if (ms === undefined) return undefined;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
};

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
				iso(run.info.start_time),
				iso(run.info.end_time),
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
