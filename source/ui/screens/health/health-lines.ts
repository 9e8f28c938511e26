// The health screen's content as lines, fitted to the rows available: when space is
// short, the passing checks fold into one line, so warnings and their fixes stay visible.
// A fix wraps under its check (it is a command to copy: never cut it); messages are cut.

import {formatAgo, formatTime} from '../../../text/format.js';
import {CHECK_GLYPH, describeKeys, describeRuns} from '../../../health/render-text.js';
import type {CheckStatus, HealthReport} from '../../../health/types.js';

export interface HealthLine {
	/** ✓ ! ✗ (or + ! x), shown in the status's colour before the text. */
	glyph?: string;
	status?: CheckStatus;
	text: string;
	/** A fix under its check. */
	dim?: boolean;
}

/** Word-wraps `text` into lines of at most `width`, the later ones indented by `indent`; a word longer than a line is split. */
export function wrapIndented(text: string, width: number, indent: number): string[] {
	const room = Math.max(indent + 8, width);
	const lead = /^ */.exec(text)![0];
	const lines: string[] = [];
	let line = lead;
	let fresh = true;
	for (const word of text.slice(lead.length).split(' ')) {
		const sep = fresh ? '' : ' ';
		if (line.length + sep.length + word.length <= room) {
			line += sep + word;
			fresh = false;
			continue;
		}
		// A word that fits no line (a long path) starts right here; any other goes to the next line.
		const fitsALine = indent + word.length <= room;
		if (!fresh && fitsALine) {
			lines.push(line);
			line = ' '.repeat(indent);
		} else if (!fresh) line += ' ';
		let rest = word;
		while (line.length + rest.length > room) {
			const take = room - line.length;
			lines.push(line + rest.slice(0, take));
			rest = rest.slice(take);
			line = ' '.repeat(indent);
		}
		line += rest;
		fresh = false;
	}
	lines.push(line);
	return lines;
}

export function healthLines(report: HealthReport, options: {width: number; height: number; ascii: boolean; now?: number}): HealthLine[] {
	const glyph = (status: CheckStatus) => CHECK_GLYPH[status][options.ascii ? 'ascii' : 'unicode'];
	const label = 15;
	const room = options.width - label - 2;
	const facts: HealthLine[] = [
		['MLflow', report.mlflow.installed ? `${report.mlflow.version} (${report.mlflow.path})` : report.mlflow.path ? `broken at ${report.mlflow.path}` : 'not found'],
		['Experiments', `${report.counts.experiments} active${report.counts.deleted_experiments > 0 ? `, ${report.counts.deleted_experiments} deleted` : ''}`],
		['Runs', describeRuns(report)],
		[`Metrics (${report.metrics.length})`, describeKeys(report.metrics, room)],
		[`Params (${report.params.length})`, describeKeys(report.params, room)],
		['Last activity', report.last_activity ? `${formatTime(Date.parse(report.last_activity))} (${formatAgo(Date.parse(report.last_activity), options.now)})` : 'none'],
	].map(([name, value]) => ({text: ` ${name!.padEnd(label)}${value}`}));
	const titleWidth = Math.max(...report.checks.map((check) => check.title.length)) + 2;
	const checkLines = (withFixes: boolean, foldOk: boolean): HealthLine[] => {
		const lines: HealthLine[] = [];
		const ok = report.checks.filter((check) => check.status === 'ok');
		for (const check of report.checks) {
			if (foldOk && check.status === 'ok') continue;
			lines.push({glyph: glyph(check.status), status: check.status, text: ` ${check.title.padEnd(titleWidth)}${check.message}`});
			if (withFixes && check.fix && check.status !== 'ok') for (const text of wrapIndented(`  ${' '.repeat(titleWidth)}fix: ${check.fix}`, options.width - 1, titleWidth + 7)) lines.push({text, dim: true});
		}
		if (foldOk && ok.length > 0) lines.push({glyph: glyph('ok'), status: 'ok', text: ` ${ok.length} more ${ok.length === 1 ? 'check' : 'checks'} ok: ${ok.map((check) => check.title.toLowerCase()).join(', ')}`});
		return lines;
	};
	const summary = (): HealthLine => {
		const {ok, warn, fail} = report.summary;
		return {text: `${ok} ok, ${warn} ${warn === 1 ? 'warning' : 'warnings'}, ${fail} failed`};
	};
	for (const [withFacts, withFixes, foldOk] of [
		[true, true, false],
		[true, true, true],
		[false, true, true],
		[false, false, true],
	] as const) {
		const lines = [...(withFacts ? [...facts, {text: ''}] : []), ...checkLines(withFixes, foldOk), {text: ''}, summary()];
		if (lines.length <= options.height) return lines;
	}
	return [...checkLines(false, true), summary()].slice(0, Math.max(1, options.height));
}
