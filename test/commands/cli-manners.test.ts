// What people expect of a command-line tool: help and version everywhere, a clear
// message and exit 2 for a flag the command does not take, the store as the first
// argument, and quiet success when the reader of a pipe has read enough.

import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {repoRoot} from '../helpers/paths.js';
import {runCli, runJson, runPiped} from '../helpers/run-cli.js';
import {HISTORY_RUN, writeCliStore, type CliStore} from './cli-store.js';

const COMMANDS = ['experiments', 'runs', 'run', 'history', 'models', 'running', 'demo', 'status', 'ui'];
const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;

let store: CliStore;
beforeAll(() => {
	store = writeCliStore();
});

describe('help and version', () => {
	it('answers -h, --help, -v, -V and --version for mlwatch and every command, whatever else is on the line', () => {
		for (const prefix of [[], ...COMMANDS.map((command) => [command])]) {
			for (const flag of ['-v', '-V', '--version']) {
				const result = runCli([...prefix, flag]);
				expect(result.status, `${prefix} ${flag}`).toBe(0);
				expect(result.stdout).toBe(`${version}\n`);
			}
			for (const flag of ['-h', '--help']) {
				const result = runCli([...prefix, flag, '--no-such-flag']);
				expect(result.status, `${prefix} ${flag}`).toBe(0);
				expect(result.stdout).toMatch(/Usage/);
			}
		}
	});

	it('says what mlwatch is once, and lists every command', () => {
		const help = runCli(['--help']).stdout;
		expect(help.match(/Watch and compare MLflow experiments/g)).toHaveLength(1);
		for (const command of COMMANDS) expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
		expect(help).toMatch(/mlwatch COMMAND --help/);
	});

	it("lists each command's own flags and an example, and no flag it does not take", () => {
		const runs = runCli(['runs', '--help']).stdout;
		expect(runs).toMatch(/^Usage: mlwatch runs \[STORE\] \[flags\]/);
		for (const flag of ['--filter EXPR', '--order-by CLAUSE', '--experiment ID_OR_NAME', '--csv', '--wide', '--max-results N']) expect(runs).toContain(flag);
		expect(runs).toMatch(/Examples\n {2}\$ mlwatch runs /);
		const history = runCli(['history', '--help']).stdout;
		expect(history).toMatch(/^Usage: mlwatch history \[STORE\] RUN_ID KEY \[flags\]/);
		expect(history).not.toContain('--filter');
		expect(runCli(['status', '--help']).stdout).toContain('--report [FILE]');
		expect(runCli(['demo', '--help']).stdout).toContain('--poll[=MS]');
	});
});

describe('flags a command does not take', () => {
	it('refuses them with exit 2, naming the command they belong to', () => {
		const result = runCli(['experiments', store.root, '--filter', 'bad >', '--csv']);
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/'mlwatch experiments' has no flag --filter \(it is for 'mlwatch runs'\)/);
		for (const [args, flag] of [
			[['history', HISTORY_RUN, 'loss', '--all'], '--all'],
			[['models', '--experiment', 'x'], '--experiment'],
			[['status', '--csv'], '--csv'],
			[['ui', '--json'], '--json'],
			[['demo', '--store', 'x'], '--store'],
			[['runs', '--bogus'], '--bogus'],
			[['--json'], '--json'],
		] as const) {
			const refused = runCli([...args]);
			expect(refused.status, args.join(' ')).toBe(2);
			expect(refused.stderr, args.join(' ')).toContain(`has no flag ${flag}`);
		}
	});

	it('says what is wrong with a value, or with two answers asked at once', () => {
		expect(runCli(['runs', store.root, '--max-results', 'many'])).toMatchObject({status: 2, stderr: expect.stringContaining('--max-results needs a positive whole number')});
		expect(runCli(['runs', store.root, '--filter'])).toMatchObject({status: 2, stderr: expect.stringContaining('--filter needs a value')});
		expect(runCli(['runs', store.root, '--json', '--csv'])).toMatchObject({status: 2, stderr: expect.stringContaining('choose one of --json and --csv')});
		expect(runCli(['ui', '--port', '70000'])).toMatchObject({status: 2, stderr: expect.stringContaining('--port needs a whole number from 1 to 65535')});
	});
});

describe('the store as the first argument', () => {
	it('reads the same store as --store, for every command that reads one', () => {
		for (const args of [['experiments'], ['runs', '--experiment', 'cli-tests'], ['models'], ['running']]) {
			const [command, ...rest] = args as [string, ...string[]];
			expect(runJson([command, store.root, ...rest]), command).toEqual(runJson([command, '--store', store.root, ...rest]));
		}
		expect(runJson(['run', store.root, HISTORY_RUN]).run.info.run_name).toBe('history-run');
		expect(runJson(['history', store.root, HISTORY_RUN, 'loss']).metrics).toHaveLength(5000);
		expect(runJson(['status', store.root]).store.path).toBe(store.root);
	});

	it('tells a store from a run id, and says what is missing', () => {
		// Inside the store's folder a run id stays a run id, and the store is ./mlruns.
		expect(runJson(['run', HISTORY_RUN], {cwd: join(store.root, '..')}).run.info.run_id).toBe(HISTORY_RUN);
		expect(runCli(['run', store.root])).toMatchObject({status: 2, stderr: expect.stringContaining("'mlwatch run' needs RUN_ID")});
		expect(runCli(['history', store.root, HISTORY_RUN])).toMatchObject({status: 2, stderr: expect.stringContaining("'mlwatch history' needs KEY")});
		expect(runCli(['runs', store.root, 'extra'])).toMatchObject({status: 2, stderr: expect.stringContaining("'extra' is one too many")});
		expect(runCli(['runs', store.root, '--store', store.root])).toMatchObject({status: 2, stderr: expect.stringContaining('the store is given twice')});
		expect(runCli(['experiment'])).toMatchObject({status: 2, stderr: expect.stringContaining("Did you mean 'mlwatch experiments'?")});
	});
});

describe('a closed pipe', () => {
	it('ends quietly with status 0 when the reader stops early, for outputs well over 64 KB', () => {
		expect(runCli(['runs', store.root, '--json']).stdout.length).toBeGreaterThan(64 * 1024);
		expect(runCli(['history', store.root, HISTORY_RUN, 'loss']).stdout.length).toBeGreaterThan(64 * 1024);
		for (const [args, reader] of [
			[['runs', store.root, '--json'], 'head -3'],
			[['runs', store.root], 'head -1'],
			[['runs', store.root, '--csv'], 'head -c 10'],
			[['history', store.root, HISTORY_RUN, 'loss'], 'head'],
			[['history', store.root, HISTORY_RUN, 'loss', '--json'], 'head -2'],
			[['--help'], 'head -1'],
		] as const) {
			const result = runPiped([...args], reader);
			// Only what mlwatch always says (the store's problem count), no trace.
			expect(result.stderr, args.join(' ')).not.toMatch(/EPIPE|Error|\n\s+at /);
			expect(result.stderr.split('\n').filter((line) => line && !line.includes('problems in the store'))).toEqual([]);
			expect(result.status, args.join(' ')).toBe(0);
		}
	});
});
