// How values look to people: metric numbers, times, durations, statuses.

import type {RunStatus} from '../store/types.js';

export function formatNumber(value: number | undefined): string {
	if (value === undefined) return '';
	if (Number.isNaN(value)) return 'NaN';
	if (value === Number.POSITIVE_INFINITY) return 'inf';
	if (value === Number.NEGATIVE_INFINITY) return '-inf';
	if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
	const abs = Math.abs(value);
	if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3);
	return String(Number(value.toPrecision(5)));
}

/** Local time to the minute; a number no date can hold is shown as it is. */
export function formatTime(ms: number | undefined): string {
	if (ms === undefined) return '';
	const date = new Date(ms);
	if (Number.isNaN(date.getTime())) return String(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatDuration(ms: number | undefined): string {
	if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
	const days = Math.floor(hours / 24);
	if (days < 365) return `${days}d${String(hours % 24).padStart(2, '0')}h`;
	const years = Math.floor(days / 365);
	// Hours stop mattering after a year, days after a century.
	return years < 100 ? `${years}y${days % 365}d` : `${years}y`;
}

/** "3m ago", "2h ago": how long since a moment. */
/** ISO 8601 in UTC (as pandas writes MLflow's times); a number no date can hold as it is. */
export function isoTime(ms: number | undefined): string | undefined {
	if (ms === undefined) return undefined;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

export function formatAgo(ms: number | undefined, now = Date.now()): string {
	if (ms === undefined) return '';
	const text = formatDuration(Math.max(0, now - ms));
	return text ? `${text} ago` : '';
}

export const STATUS_GLYPH: Record<RunStatus, {unicode: string; ascii: string}> = {
	RUNNING: {unicode: '▶', ascii: '>'},
	SCHEDULED: {unicode: '◷', ascii: '~'},
	FINISHED: {unicode: '✓', ascii: '+'},
	FAILED: {unicode: '✗', ascii: 'x'},
	KILLED: {unicode: '■', ascii: '#'},
};
