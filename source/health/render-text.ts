// The health report as a plain-text checklist, for `mlwatch status` on a terminal or in
// a CI log.

import {formatAgo, formatTime} from '../text/format.js';
import {sanitizeLine} from '../text/sanitize.js';
import {displayWidth, truncate} from '../text/width.js';
import type {CheckStatus, HealthReport} from './types.js';

export interface TextStyle {
	ascii: boolean;
	color: boolean;
	/** Columns available; lists of keys are cut to fit. */
	width: number;
	now?: number;
}

export const CHECK_GLYPH: Record<CheckStatus, {unicode: string; ascii: string}> = {
	ok: {unicode: '✓', ascii: '+'},
	warn: {unicode: '!', ascii: '!'},
	fail: {unicode: '✗', ascii: 'x'},
	skip: {unicode: '-', ascii: '-'},
};

const COLOR: Record<CheckStatus, string> = {ok: '\u001b[32m', warn: '\u001b[33m', fail: '\u001b[31m', skip: '\u001b[2m'};

export function describeRuns(report: HealthReport): string {
	const counts = report.counts;
	const byStatus = Object.entries(counts.runs_by_status)
		.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
		.map(([status, count]) => `${count} ${status}`);
	const deleted = [counts.deleted_runs > 0 ? `${counts.deleted_runs} deleted` : '', counts.runs_in_deleted_experiments > 0 ? `${counts.runs_in_deleted_experiments} in deleted experiments` : ''].filter(Boolean);
	return `${counts.runs} active${byStatus.length > 0 ? ` (${byStatus.join(', ')})` : ''}${deleted.length > 0 ? `; ${deleted.join(', ')}` : ''}`;
}

export function describeKeys(keys: string[], width: number): string {
	if (keys.length === 0) return 'none';
	return truncate(keys.map(sanitizeLine).join(', '), Math.max(20, width));
}

export function renderHealthText(report: HealthReport, style: TextStyle): string {
	const paint = (status: CheckStatus, text: string) => (style.color ? `${COLOR[status]}${text}\u001b[0m` : text);
	const bold = (text: string) => (style.color ? `\u001b[1m${text}\u001b[0m` : text);
	const label = 16;
	const room = style.width - 2 - label;
	const mlflow = report.mlflow.installed
		? `${report.mlflow.version} (${sanitizeLine(report.mlflow.path ?? '')}, from ${report.mlflow.source})`
		: report.mlflow.path
			? `broken at ${sanitizeLine(report.mlflow.path)}`
			: 'not found';
	const facts: Array<[string, string]> = [
		['Store', report.store ? `${sanitizeLine(report.store.path)} (${{file: 'file store', sqlite: 'SQLite store', rest: 'tracking server'}[report.store.kind]}, chosen by ${report.store.chosen_by})` : 'none found'],
		['MLflow', mlflow],
		['Experiments', `${report.counts.experiments} active${report.counts.deleted_experiments > 0 ? `, ${report.counts.deleted_experiments} deleted` : ''}`],
		['Runs', describeRuns(report)],
		[`Metrics (${report.metrics.length})`, describeKeys(report.metrics, room)],
		[`Params (${report.params.length})`, describeKeys(report.params, room)],
		['Last activity', report.last_activity ? `${formatTime(Date.parse(report.last_activity))} (${formatAgo(Date.parse(report.last_activity), style.now)})` : 'none'],
	];
	const lines = [bold('mlwatch status'), ''];
	for (const [name, value] of facts) lines.push(`  ${name.padEnd(label)}${value}`);
	lines.push('');
	const titleWidth = Math.max(...report.checks.map((check) => displayWidth(check.title))) + 2;
	for (const check of report.checks) {
		const glyph = CHECK_GLYPH[check.status][style.ascii ? 'ascii' : 'unicode'];
		lines.push(`  ${paint(check.status, glyph)} ${check.title.padEnd(titleWidth)}${check.message}`);
		if (check.fix && check.status !== 'ok') lines.push(`    ${' '.repeat(titleWidth)}fix: ${check.fix}`);
	}
	const {ok, warn, fail, skip} = report.summary;
	lines.push('');
	lines.push(`  ${ok} ok, ${paint(warn > 0 ? 'warn' : 'ok', `${warn} ${warn === 1 ? 'warning' : 'warnings'}`)}, ${paint(fail > 0 ? 'fail' : 'ok', `${fail} failed`)}${skip > 0 ? `, ${skip} not for this kind of store` : ''}`);
	return lines.join('\n') + '\n';
}
