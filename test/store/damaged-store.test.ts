// Real stores are messy. A damaged copy of a corpus store must still list every healthy
// run, and name each problem with its path and reason.

import {appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {runCli, runJson} from '../helpers/run-cli.js';
import {hashTree} from '../helpers/tree-hash.js';

const EXP = '510851129115464979';

describe.skipIf(!hasCorpus)('a damaged copy of a corpus store', () => {
	let root = '';
	let store = '';
	let healthyIds: string[] = [];
	let victims: string[] = [];

	beforeAll(() => {
		root = mkdtempSync(join(tmpdir(), 'mlwatch-damaged-'));
		store = join(root, 'mlruns');
		cpSync(corpusStore('jeffc05__learning_mlops'), store, {recursive: true});
		const all = runJson(['runs', '--store', store, '--experiment', EXP]).runs.map((run: any) => run.info.run_id as string).sort();
		victims = all.slice(0, 4);
		healthyIds = all.slice(4);
		const [empty, garbage, badMetric, mismatch] = victims.map((id) => join(store, EXP, id));
		writeFileSync(join(empty!, 'meta.yaml'), '');
		writeFileSync(join(garbage!, 'meta.yaml'), '\u0000\u00ff: [unclosed\n  - {');
		appendFileSync(join(badMetric!, 'metrics', 'eval_rmse'), '1740958000000 not-a-number 3\n1740958000001 0.5\n1740958000002\n');
		writeFileSync(join(mismatch!, 'meta.yaml'), readFileSync(join(mismatch!, 'meta.yaml'), 'utf8').replace(/experiment_id: .*/, "experiment_id: '999'"));
		// Stray files, a folder without meta.yaml, a metric line still being written, a loop.
		writeFileSync(join(store, '.DS_Store'), 'junk');
		writeFileSync(join(store, EXP, healthyIds[0]!, 'metrics', '.DS_Store'), 'junk');
		writeFileSync(join(store, EXP, healthyIds[0]!, 'params', '.DS_Store'), 'junk');
		mkdirSync(join(store, 'not-an-experiment'));
		appendFileSync(join(store, EXP, healthyIds[1]!, 'metrics', 'eval_rmse'), '1740958000000 0.001 99');
		symlinkSync('loop', join(store, EXP, healthyIds[2]!, 'tags', 'loop'));
	});

	afterAll(() => {
		if (root) rmSync(root, {recursive: true, force: true});
	});

	it('still lists every healthy run and names each problem with its path and reason', () => {
		const result = runCli(['runs', '--store', store, '--experiment', EXP, '--json']);
		expect(result.status).toBe(0);
		const output = JSON.parse(result.stdout);
		const listed = output.runs.map((run: any) => run.info.run_id as string);
		for (const id of healthyIds) expect(listed).toContain(id);
		// The run with a bad metric line is still shown (MLflow would fail it); the one whose
		// meta.yaml names another experiment is left out, as MLflow leaves it out, and named.
		expect(listed).toContain(victims[2]);
		expect(listed).not.toContain(victims[3]);
		expect(listed).not.toContain(victims[0]);
		expect(listed).not.toContain(victims[1]);

		const problems: Array<{path: string; reason: string}> = output.problems;
		const about = (fragment: string) => problems.filter((problem) => problem.path.includes(fragment));
		expect(about(`${victims[0]}/meta.yaml`)[0]?.reason).toMatch(/empty/);
		expect(about(`${victims[1]}/meta.yaml`)[0]?.reason).toMatch(/not valid YAML|mapping/);
		expect(about(`${victims[2]}/metrics/eval_rmse`).map((problem) => problem.reason)).toEqual([
			expect.stringMatching(/line \d+: value 'not-a-number' is not a number/),
			expect.stringMatching(/line \d+: 1 fields/),
		]);
		expect(about(`${victims[3]}/meta.yaml`)[0]).toMatchObject({reason: expect.stringMatching(/experiment_id '999' differs/), effect: expect.stringMatching(/left out/)});
		expect(problems.some((problem) => problem.path.endsWith('/metrics/.DS_Store') && /stray/.test(problem.reason))).toBe(true);
		expect(problems.some((problem) => problem.path.endsWith('/params/.DS_Store'))).toBe(true);
		expect(problems.some((problem) => problem.path.endsWith('/tags/loop'))).toBe(true);
		// A count on stderr for scripts and people.
		expect(result.stderr).toMatch(/mlwatch: \d+ problems in the store/);

		// A line without its newline is a write in progress: not read yet.
		const half = output.runs.find((run: any) => run.info.run_id === healthyIds[1]);
		expect(half.data.metrics.find((metric: any) => metric.key === 'eval_rmse').step).not.toBe(99);
		// The bad lines do not hide the good one before them.
		const bad = output.runs.find((run: any) => run.info.run_id === victims[2]);
		expect(bad.data.metrics.find((metric: any) => metric.key === 'eval_rmse').value).toEqual(expect.any(Number));
	});

	it('reports folders that are not experiments and stray files at the top, and still lists experiments', () => {
		const output = runJson(['experiments', '--store', store]);
		expect(output.experiments).toHaveLength(4);
		expect(output.problems).toEqual(
			expect.arrayContaining([
				expect.objectContaining({path: join(store, 'not-an-experiment'), reason: 'folder has no meta.yaml'}),
				expect.objectContaining({path: join(store, '.DS_Store'), reason: expect.stringMatching(/stray/)}),
			]),
		);
	});

	it('lists problems for people with --problems', () => {
		const result = runCli(['runs', '--store', store, '--experiment', EXP, '--problems']);
		expect(result.status).toBe(0);
		expect(result.stderr).toContain(`${victims[0]}/meta.yaml: meta.yaml is empty`);
		expect(result.stdout.split('\n')[0]).toMatch(/^RUN ID\s+NAME/);
	});

	it('never writes to the store', () => {
		const before = hashTree(store);
		for (const args of [['experiments', '--all'], ['runs', '--all'], ['run', healthyIds[0]!], ['history', healthyIds[0]!, 'eval_rmse'], ['models'], ['runs', '--csv']]) {
			runCli([...args, '--store', store, '--json']);
			runCli([...args, '--store', store]);
		}
		expect(hashTree(store)).toBe(before);
	});
});
