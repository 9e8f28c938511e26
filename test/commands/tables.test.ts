// Headless tables as people read them: fitted to the terminal's width (short ids first,
// then narrower columns, then fewer, with a note on what was left out), every column
// at full width when piped or with --wide, and aligned by display width whatever the
// names hold.

import {beforeAll, describe, expect, it} from 'vitest';
import {displayWidth} from '../../source/text/width.js';
import {runCli, runInTerminal} from '../helpers/run-cli.js';
import {runMeta, tempStore, writeExperiment, writeRun} from '../helpers/store-builder.js';
import {EXP_META, FAR_FUTURE_RUN, HISTORY_RUN, WIDE_NAMES, writeCliStore, type CliStore} from './cli-store.js';

let store: CliStore;
beforeAll(() => {
	store = writeCliStore();
});

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

/** The display column each row's STATUS cell starts at. */
function statusColumns(table: string): number[] {
	return lines(table)
		.filter((line) => line.includes('FINISHED'))
		.map((line) => displayWidth(line.slice(0, line.indexOf('FINISHED'))));
}

describe('tables in a terminal', () => {
	for (const columns of [80, 160]) {
		it(`fit ${columns} columns, every command`, () => {
			for (const args of [['runs', store.root], ['runs', store.root, '--experiment', 'cli-tests'], ['experiments', store.root, '--all'], ['models', store.root], ['running', store.root], ['history', store.root, HISTORY_RUN, 'loss']]) {
				const result = runInTerminal(args, {columns});
				expect(result.status, args.join(' ')).toBe(0);
				const table = lines(result.stdout).filter((line) => !line.startsWith('mlwatch:'));
				expect(table.length, args.join(' ')).toBeGreaterThan(0);
				for (const line of table) expect(displayWidth(line), `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(columns);
			}
		});
	}

	it('shortens run ids to 8 characters and says which columns it left out', () => {
		const result = runInTerminal(['runs', store.root, '--experiment', 'cli-tests'], {columns: 80});
		expect(result.stdout).toMatch(new RegExp(`^${HISTORY_RUN.slice(0, 8)}  history-run `, 'm'));
		expect(result.stdout).not.toContain(HISTORY_RUN);
		// One experiment: its column is the first to go.
		expect(result.stdout).toMatch(/mlwatch: left out to fit 80 columns: EXPERIMENT.* \(--wide shows every column\)/);
		expect(result.stdout.split('\n')[0]).toMatch(/^RUN ID\s+NAME\s+STATUS\s+STARTED/);
	});

	it('has every column at full width with --wide, as when piped', () => {
		const wide = runInTerminal(['runs', store.root, '--experiment', 'cli-tests', '--wide'], {columns: 80});
		const piped = runCli(['runs', store.root, '--experiment', 'cli-tests']);
		for (const output of [wide.stdout, piped.stdout]) {
			expect(output).toContain(`${HISTORY_RUN}  history-run`);
			expect(output.split('\n')[0]).toMatch(/^RUN ID\s+NAME\s+EXPERIMENT\s+STATUS\s+STARTED\s+DURATION\s+loss$/);
			expect(output).not.toContain('left out');
		}
	});

	it('keeps columns aligned when names hold emoji, a family emoji or CJK', () => {
		for (const output of [runCli(['runs', store.root, '--experiment', 'cli-tests']).stdout, runInTerminal(['runs', store.root, '--experiment', 'cli-tests'], {columns: 80}).stdout]) {
			for (const name of WIDE_NAMES) expect(output).toContain(name);
			const starts = statusColumns(output);
			expect(starts.length).toBe(WIDE_NAMES.length + 3);
			expect(new Set(starts).size).toBe(1);
		}
	});

	it('prints long durations as years and days', () => {
		expect(runCli(['runs', store.root, '--experiment', 'cli-tests']).stdout).toMatch(/FINISHED\s+2023-11-1\d \d\d:\d\d\s+4y45d\s/);
	});
});

describe('values no table expected', () => {
	it('shows times outside JavaScript dates as the number itself, in tables, CSV and status', () => {
		const table = runCli(['runs', store.root, '--experiment', 'odd-times']);
		expect(table.status).toBe(0);
		expect(table.stdout).toMatch(/far-future\s+odd-times\s+FINISHED\s+100000000000000000/);
		const csv = runCli(['runs', store.root, '--experiment', 'odd-times', '--csv']);
		expect(csv.status).toBe(0);
		expect(csv.stdout).toMatch(new RegExp(`^${FAR_FUTURE_RUN},3,FINISHED,[^,]+,100000000000000000,8640000000000001$`, 'm'));
		expect(runCli(['run', store.root, FAR_FUTURE_RUN]).stdout).toContain('started 100000000000000000');
		for (const args of [['status', store.root], ['status', store.root, '--json'], ['running', store.root]]) {
			const result = runCli(args);
			expect(result.stderr, args.join(' ')).not.toMatch(/RangeError|unexpected error/);
			expect([0, 1]).toContain(result.status);
		}
	});

	it('cuts a 50 MB run name to one bounded cell instead of failing', () => {
		const root = tempStore();
		const dir = writeExperiment(root, '1', EXP_META('1', 'huge'));
		for (let index = 0; index < 20; index++) {
			const id = `9${String(index).padStart(31, '0')}`;
			writeRun(dir, id, {meta: runMeta({runId: id, experimentId: '1', name: index === 0 ? 'n'.repeat(50 * 1024 * 1024) : `run-${index}`, end: 1700000060000})});
		}
		for (const result of [runCli(['runs', root]), runInTerminal(['runs', root], {columns: 80})]) {
			expect(result.stderr).not.toMatch(/RangeError|unexpected error/);
			expect(result.status).toBe(0);
			const table = lines(result.stdout).filter((line) => !line.startsWith('mlwatch:'));
			expect(table).toHaveLength(21);
			for (const line of table) expect(displayWidth(line)).toBeLessThan(700);
		}
	});
});
