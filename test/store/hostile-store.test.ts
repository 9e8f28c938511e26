// Hostile input: a copy of a corpus store damaged in every way found so far (files of
// gigabytes, a FIFO named meta.yaml, values of 50 MB, times JavaScript cannot date, steps
// beyond 2^53, thousands of empty run folders, folders that are files, broken metadata,
// links and loops). Each case must become one named problem while the rest of the store is
// served; every command must finish and say so in plain words; the TUI must draw and give
// the terminal back; the store must be left exactly as it was.

import {spawnSync} from 'node:child_process';
import {appendFileSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, corpusStore, hasCorpus, repoRoot} from '../helpers/paths.js';
import {runCli} from '../helpers/run-cli.js';

const EXP = '510851129115464979';
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** Names, sizes, mtimes and (for files under 64 MB) contents of everything under `root`. */
function fingerprint(root: string): string {
	const hash = createHash('sha256');
	const visit = (path: string, rel: string) => {
		const info = lstatSync(path);
		hash.update(`${rel}\0${info.mode}\0${info.mtimeMs}\0${info.size}\0`);
		if (info.isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name), `${rel}/${name}`);
		else if (info.isFile() && info.size < 64 << 20) hash.update(readFileSync(path));
	};
	visit(root, '');
	return hash.digest('hex');
}

interface Problem {
	path: string;
	reason: string;
	effect?: string;
}

describe.skipIf(!hasCorpus)('a hostile copy of a corpus store', () => {
	let parent = '';
	let store = '';
	let runs: string[] = [];
	let before = '';
	const victim = (index: number) => join(store, EXP, runs[index]!);

	beforeAll(() => {
		parent = mkdtempSync(join(tmpdir(), 'mlwatch-hostile-'));
		store = join(parent, 'mlruns');
		cpSync(corpusStore('jeffc05__learning_mlops'), store, {recursive: true});
		runs = readdirSync(join(store, EXP)).filter((name) => /^[0-9a-f]{32}$/.test(name)).sort();
		// 0: a 2 GiB metric file (sparse, no newline in it).
		truncateSync(join(victim(0), 'metrics', 'eval_rmse'), 2 * 1024 ** 3);
		// 1: a FIFO where meta.yaml should be.
		rmSync(join(victim(1), 'meta.yaml'));
		expect(spawnSync('mkfifo', [join(victim(1), 'meta.yaml')]).status).toBe(0);
		// 2: a run name of 50 MB.
		const meta2 = readFileSync(join(victim(2), 'meta.yaml'), 'utf8');
		writeFileSync(join(victim(2), 'meta.yaml'), meta2.replace(/^run_name: .*$/m, `run_name: ${'n'.repeat(50 << 20)}`));
		// 3: a param of 50 MB.
		writeFileSync(join(victim(3), 'params', 'huge'), 'p'.repeat(50 << 20));
		// 4: times outside JavaScript's dates, and a step beyond 2^53.
		const meta4 = readFileSync(join(victim(4), 'meta.yaml'), 'utf8');
		writeFileSync(join(victim(4), 'meta.yaml'), meta4.replace(/^start_time: .*$/m, 'start_time: 99999999999999999'));
		appendFileSync(join(victim(4), 'metrics', 'eval_rmse'), '8640000000000001 0.5 9007199254740993\n');
		// 5: params/, tags/ and metrics/ that are files.
		for (const folder of ['params', 'tags', 'metrics']) {
			rmSync(join(victim(5), folder), {recursive: true, force: true});
			writeFileSync(join(victim(5), folder), 'not a folder');
		}
		// 6: meta.yaml naming another experiment: MLflow leaves the run out.
		const meta6 = readFileSync(join(victim(6), 'meta.yaml'), 'utf8');
		writeFileSync(join(victim(6), 'meta.yaml'), meta6.replace(/^experiment_id: .*$/m, "experiment_id: '12345'"));
		// 7: a line of 3 MB without a newline in the middle of a metric file, and a link loop.
		appendFileSync(join(victim(7), 'metrics', 'eval_rmse'), `${'x'.repeat(3 << 20)}\n1740958000000 0.25 77\n`);
		symlinkSync('.', join(victim(7), 'metrics', 'loop'));
		// A run folder linked in from outside the store is a run, as MLflow follows links.
		const outside = join(parent, 'elsewhere');
		cpSync(victim(8), join(outside, 'linked'), {recursive: true});
		rmSync(victim(8), {recursive: true});
		symlinkSync(join(outside, 'linked'), victim(8));
		// Thousands of empty run folders.
		for (let index = 0; index < 3000; index++) mkdirSync(join(store, EXP, `empty${String(index).padStart(27, '0')}`));
		// .trash and models as files; an alias pointing at a version that does not exist.
		rmSync(join(store, '.trash'), {recursive: true, force: true});
		writeFileSync(join(store, '.trash'), '');
		writeFileSync(join(store, 'models', 'wine-quality', 'aliases', 'ghost'), '99');
		before = fingerprint(store);
	}, 120_000);

	afterAll(() => {
		if (parent) rmSync(parent, {recursive: true, force: true});
	});

	it('serves every healthy run and names each problem, in a bounded time and memory', () => {
		const started = Date.now();
		const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cliPath, 'runs', '--store', store, '--experiment', EXP, '--json'], {encoding: 'utf8', maxBuffer: 512 << 20, timeout: 120_000});
		expect(result.status, result.stderr).toBe(0);
		const peakKb = Number(result.stderr.trim().split('\n').pop());
		expect(peakKb).toBeLessThan(1024 * 1024);
		expect(Date.now() - started).toBeLessThan(60_000);
		const output = JSON.parse(result.stdout) as {runs: Array<{info: {run_id: string; run_name?: string; start_time?: number}; data: {params: Array<{key: string; value: string}>; metrics: Array<{key: string; step: number}>}}>; problems: Problem[]};
		const listed = new Map(output.runs.map((run) => [run.info.run_id, run]));
		const about = (fragment: string) => output.problems.filter((problem) => problem.path.includes(fragment));

		expect(listed.has(runs[0]!)).toBe(true);
		expect(about(`${runs[0]}/metrics/eval_rmse`)[0]?.reason).toMatch(/longer than 1 MB/);
		expect(listed.has(runs[1]!)).toBe(false);
		expect(about(`${runs[1]}/meta.yaml`)[0]?.reason).toMatch(/named pipe/);
		expect(listed.get(runs[2]!)!.info.run_name!.length).toBeLessThan(5000);
		expect(about(`${runs[2]}/meta.yaml`)[0]).toMatchObject({reason: expect.stringMatching(/50\.0 MB.*run_name/), effect: expect.stringMatching(/cut/)});
		expect(listed.get(runs[3]!)!.data.params.find((param) => param.key === 'huge')!.value.length).toBe(64 << 10);
		expect(about(`${runs[3]}/params/huge`)[0]).toMatchObject({reason: expect.stringMatching(/50\.0 MB/), effect: expect.stringMatching(/first 64\.0 KB/)});
		expect(about(`${runs[4]}/meta.yaml`).map((problem) => problem.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/start_time .* beyond 2\^53/)]));
		expect(about(`${runs[4]}/metrics/eval_rmse`).map((problem) => problem.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/beyond 2\^53/)]));
		expect(listed.has(runs[5]!)).toBe(true);
		for (const folder of ['params', 'tags', 'metrics']) expect(about(`${runs[5]}/${folder}`)[0]?.reason).toBe(`${folder} is a file, expected a folder`);
		expect(listed.has(runs[6]!)).toBe(false);
		expect(about(`${runs[6]}/meta.yaml`)[0]?.effect).toMatch(/left out/);
		expect(listed.get(runs[7]!)!.data.metrics.find((metric) => metric.key === 'eval_rmse')!.step).toBe(77);
		expect(about(`${runs[7]}/metrics/eval_rmse`)[0]?.reason).toMatch(/longer than 1 MB/);
		expect(about(`${runs[7]}/metrics/loop`)[0]?.reason).toMatch(/link to a folder/);
		expect(listed.has(runs[8]!)).toBe(true);
		expect(about('/empty').length).toBe(3000);
		expect(about('/empty')[0]?.reason).toBe('run folder has no meta.yaml');
		for (const id of runs.slice(9)) expect(listed.has(id), id).toBe(true);
	});

	it('names the folders that are files and the alias to a missing version', () => {
		const experiments = JSON.parse(runCli(['experiments', '--store', store, '--all', '--json']).stdout) as {problems: Problem[]};
		expect(experiments.problems).toEqual(expect.arrayContaining([expect.objectContaining({path: join(store, '.trash'), reason: '.trash is a file, expected a folder'})]));
		const models = JSON.parse(runCli(['models', '--store', store, '--json']).stdout) as {problems: Problem[]};
		expect(models.problems).toEqual(expect.arrayContaining([expect.objectContaining({reason: "alias 'ghost' points at version 99, which does not exist"})]));
	});

	it('finishes every command without a crash', () => {
		for (const args of [['runs', '--all'], ['runs', '--csv'], ['runs', '--all', '--problems'], ['status'], ['status', '--json'], ['run', runs[4]!], ['history', runs[4]!, 'eval_rmse'], ['history', runs[0]!, 'eval_rmse', '--json'], ['running'], ['models']]) {
			const result = runCli([...args, '--store', store]);
			expect(result.stderr, args.join(' ')).not.toMatch(/unexpected error|RangeError|at .*\.js:\d+/);
			expect([0, 1], `${args.join(' ')}: ${result.stderr}`).toContain(result.status);
		}
	}, 240_000);

	it.skipIf(!hasTmux && process.env['MLWATCH_REQUIRE_TMUX'] !== '1')('draws the TUI, opens the runs and gives the terminal back', async () => {
		const socket = `mlwatch-hostile-${process.pid}`;
		const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
		const screen = () => tmux('capture-pane', '-p', '-t', 'h').stdout;
		const see = async (what: RegExp) => {
			for (const started = Date.now(); Date.now() - started < 30_000; await new Promise((resolve) => setTimeout(resolve, 100))) if (what.test(screen())) return;
			throw new Error(`never saw ${what}:\n${screen()}`);
		};
		try {
			tmux('new-session', '-d', '-s', 'h', '-x', '100', '-y', '30', '-c', repoRoot, `env -u CI ${process.execPath} ${cliPath} ${store} --experiment ${EXP}; echo "EXITED $?"; sleep 600`);
			await see(/serious-swan|smiling-stoat|\d+ runs/);
			tmux('send-keys', '-t', 'h', 'q');
			await see(/EXITED 0/);
			expect(tmux('display-message', '-p', '-t', 'h', '#{alternate_on}').stdout.trim()).toBe('0');
		} finally {
			tmux('kill-server');
		}
	}, 60_000);

	it('leaves the store exactly as it was', () => {
		expect(fingerprint(store)).toBe(before);
	});
});
