// The "running now" rows without a terminal: worst first, liveness judged at the time of
// drawing, the most used metric's latest value, columns that fit 80 cells; and how a
// batch of alerts reads in the status bar.

import {describe, expect, it} from 'vitest';
import type {Alert} from '../../source/live/alerts.js';
import type {RunRecord} from '../../source/store/run-record.js';
import {SummaryBuilder} from '../../source/store/metric-summary.js';
import {displayWidth} from '../../source/text/width.js';
import {alertFlash} from '../../source/ui/model/alert-flash.js';
import {fitColumns, GAP} from '../../source/ui/model/fit-columns.js';
import {runningColumns, runningRows, runningSummary, type RunningEntry} from '../../source/ui/model/running-rows.js';

const NOW = 1_700_000_000_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A RUNNING run that started `startAgo` ms ago and logged `metrics` every 10 s until `quietFor` ago. */
function running(id: string, name: string, startAgo: number, quietFor: number, metrics: Record<string, number[]> = {loss: [0.9, 0.5, 0.3]}): RunRecord {
	const summaries: RunRecord['summaries'] = {};
	let lastWrite = 0;
	for (const [key, values] of Object.entries(metrics)) {
		const builder = new SummaryBuilder(key);
		values.forEach((value, step) => {
			const timestamp = NOW - quietFor - (values.length - 1 - step) * 10 * SECOND;
			lastWrite = Math.max(lastWrite, timestamp);
			builder.add({key, value, step, timestamp});
		});
		summaries[key] = builder.build()!;
	}
	return {
		run: {
			info: {run_uuid: id, run_id: id, run_name: name, experiment_id: '1', user_id: 'alice', status: 'RUNNING', start_time: NOW - startAgo, lifecycle_stage: 'active'},
			data: {metrics: Object.values(summaries).map((summary) => summary.latest), params: [], tags: []},
			inputs: {dataset_inputs: [], model_inputs: []},
			outputs: {model_outputs: []},
		},
		summaries,
		lastWrite,
	};
}

const entry = (experimentName: string, record: RunRecord): RunningEntry => ({experimentName, record});

describe('running now rows', () => {
	const entries = [
		entry('vision', running('a'.repeat(32), 'live-b', 30 * MINUTE, 5 * SECOND)),
		entry('nlp', running('b'.repeat(32), 'stalled-short', HOUR, 20 * MINUTE)),
		entry('nlp', running('c'.repeat(32), 'dead-one', 2 * 86_400_000, 10 * HOUR)),
		entry('audio', running('d'.repeat(32), 'live-a', 10 * MINUTE, 2 * SECOND)),
		entry('vision', running('e'.repeat(32), 'stalled-long', 2 * HOUR, 50 * MINUTE)),
	];

	it('puts the worst first: probably dead, then stalled (quietest first), then live in a fixed order', () => {
		const rows = runningRows(entries, NOW);
		expect(rows.map((row) => [row.word, row.run])).toEqual([
			['dead?', 'dead-one'],
			['stalled', 'stalled-long'],
			['stalled', 'stalled-short'],
			['live', 'live-a'],
			['live', 'live-b'],
		]);
		expect(rows.map((row) => row.experiment)).toEqual(['nlp', 'vision', 'nlp', 'audio', 'vision']);
		// A live run writing again does not move it.
		const wrote = entries.map((item) => (item.record.run.info.run_name === 'live-b' ? entry('vision', running('a'.repeat(32), 'live-b', 30 * MINUTE, 0)) : item));
		expect(runningRows(wrote, NOW).map((row) => row.run)).toEqual(rows.map((row) => row.run));
	});

	it('judges liveness at the time given, so a quiet run turns stalled without a re-read', () => {
		const quiet = [entry('x', running('f'.repeat(32), 'quiet', HOUR, 2 * MINUTE))];
		expect(runningRows(quiet, NOW)[0]!.state).toBe('live');
		expect(runningRows(quiet, NOW + 30 * MINUTE)[0]!).toMatchObject({state: 'stalled', word: 'stalled', lastWrite: '32m ago'});
	});

	it('shows elapsed time, last write, and the latest value of the metric most runs log', () => {
		const records = [
			entry('x', running('1'.repeat(32), 'one', 90 * MINUTE, 40 * SECOND, {loss: [1, 0.5, 0.25], lr: [0.1, 0.1, 0.1]})),
			entry('x', running('2'.repeat(32), 'two', 5 * MINUTE, 40 * SECOND, {loss: [2, Number.NaN], acc: [0.1, 0.2]})),
			entry('x', running('3'.repeat(32), 'three', 5 * MINUTE, 40 * SECOND, {acc: [0.3, 0.4]})),
			entry('x', running('4'.repeat(32), 'four', 5 * MINUTE, 40 * SECOND, {loss: [0.7]})),
		];
		const rows = runningRows(records, NOW);
		const byName = new Map(rows.map((row) => [row.run, row]));
		expect(byName.get('one')).toMatchObject({elapsed: '1h30m', lastWrite: '40s ago', metric: 'loss', value: '0.25', badValue: false});
		expect(byName.get('two')).toMatchObject({metric: 'loss', value: 'NaN', badValue: true});
		// It has no loss: the next most used metric it logs.
		expect(byName.get('three')).toMatchObject({metric: 'acc', value: '0.4'});
		// Read after the clock last ticked: it has been going for no time, not for ''.
		const [fresh] = runningRows([entry('x', running('5'.repeat(32), 'fresh', -2 * SECOND, -2 * SECOND, {loss: [1]}))], NOW);
		expect(fresh).toMatchObject({elapsed: '0s', lastWrite: '0s ago'});
	});

	it('neutralises control characters in experiment and run names', () => {
		const [row] = runningRows([entry('exp\u001b[2J', running('9'.repeat(32), 'run\u0007name', MINUTE, SECOND))], NOW);
		expect(row!.experiment).not.toMatch(/[\u0000-\u001f]/);
		expect(row!.run).not.toMatch(/[\u0000-\u001f]/);
	});

	it('counts the states for the title', () => {
		expect(runningSummary(runningRows(entries, NOW))).toBe('5 running · 2 stalled · 1 dead?');
		expect(runningSummary([])).toBe('0 running');
	});

	it('fits every column into 79 cells even with long names, by shortening the names', () => {
		const long = [
			entry('a very long experiment name that goes on and on', running('7'.repeat(32), 'an even longer run name that nobody would ever read in full', HOUR, SECOND, {'a/very/long/metric/name/for/validation/loss': [1, 2]})),
			...entries,
		];
		const rows = runningRows(long, NOW);
		for (const width of [79, 119]) {
			const specs = runningColumns(rows, width);
			const fit = fitColumns(specs, width, 0);
			expect(fit.columns.map((column) => column.id)).toEqual(['word', 'run', 'experiment', 'elapsed', 'lastWrite', 'metric', 'value']);
			const used = fit.columns.reduce((sum, column) => sum + column.width, 0) + GAP * (fit.columns.length - 1);
			expect(used).toBeLessThanOrEqual(width);
			// The state word is never cut.
			expect(fit.columns[0]!.width).toBeGreaterThanOrEqual(Math.max(...rows.map((row) => displayWidth(row.word))));
		}
	});
});

describe('alerts as a status-bar message', () => {
	const alert = (kind: Alert['kind'], name: string): Alert => ({kind, runId: name, runName: name, experimentId: '1', message: `run '${name}' ${kind}`});

	it('says one alert as it is, in the tone of its kind', () => {
		expect(alertFlash([alert('finished', 'a')])).toEqual({text: "run 'a' finished", tone: 'info'});
		expect(alertFlash([alert('stalled', 'a')]).tone).toBe('warn');
		expect(alertFlash([alert('failed', 'a')]).tone).toBe('error');
		expect(alertFlash([alert('non-finite', 'a')]).tone).toBe('error');
	});

	it('puts the worst of a batch first and counts what does not fit', () => {
		expect(alertFlash([alert('finished', 'a'), alert('finished', 'b'), alert('failed', 'c'), alert('stalled', 'd')])).toEqual({
			text: "run 'c' failed; run 'd' stalled; and 2 more",
			tone: 'error',
		});
	});
});
