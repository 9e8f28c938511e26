// Real MLflow reads the demo store the way mlwatch does: the demo's simulated trainer
// writes MLflow's file format, so MLflow 3.1.4 and the newest 3.x must give the same
// experiments, runs (statuses, params incl. nested keys, tags, latest metrics incl. NaN) and
// metric histories as `mlwatch ... --json` — at the start and after the trainer has
// trained on for a while (a job failed, new jobs started).
//
// Without python3/PyPI the tests skip with the reason; MLWATCH_REQUIRE_MLFLOW=1 makes that fail.

import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it, type TestContext} from 'vitest';
import {DemoTrainer, writeDemoStore, type DemoStore} from '../../source/demo/demo-store.js';
import {dumpMlflowBatch, jsonDiff, mlflowEnv, MlflowUnavailable, mlflowRequired, normalise, type MlflowVersion} from '../helpers/mlflow-oracle.js';
import {runCli} from '../helpers/run-cli.js';

const minutes = 60_000;
const made: string[] = [];
afterAll(() => {
	for (const dir of made) rmSync(dir, {recursive: true, force: true});
});

function demoStore(now: number): DemoStore {
	const parent = mkdtempSync(join(tmpdir(), 'mlwatch-demo-oracle-'));
	made.push(parent);
	return writeDemoStore(join(parent, 'mlruns'), {now, seed: 42});
}

function mlwatch(store: string, args: string[]): any {
	const [command, ...rest] = args;
	const result = runCli([command!, ...rest, '--store', store, '--json']);
	if (result.status !== 0) throw new Error(`mlwatch ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
	const answer = JSON.parse(result.stdout);
	expect(answer.problems ?? []).toEqual([]);
	// mlwatch's own additions, not MLflow's: the problems found and each running run's liveness.
	delete answer.problems;
	delete answer.liveness;
	return answer;
}

/** Every query worth asking of the demo store, for both readers. */
function queries(demo: DemoStore): string[][] {
	const list = [['experiments'], ['experiments', '--all'], ['runs'], ['runs', '--all']];
	for (const {sim} of demo.runs) {
		list.push(['run', sim.writer.runId]);
		for (const key of ['loss', 'accuracy', 'system/cpu_utilization_percentage', 'best_loss']) list.push(['history', sim.writer.runId, key]);
	}
	return list;
}

function compare(version: MlflowVersion, demo: DemoStore): string[] {
	const asked = queries(demo);
	const answers = dumpMlflowBatch(version, demo.root, asked);
	const problems: string[] = [];
	asked.forEach((args, index) => {
		const expected = answers[index];
		if (expected?.error_code) {
			problems.push(`MLflow refused ${args.join(' ')}: ${expected.message}`);
			return;
		}
		for (const line of jsonDiff(normalise(mlwatch(demo.root, args)), normalise(expected))) {
			// MLflow 3.10+ reports `workspace: "default"` for an experiment whose meta.yaml
			// (written like 3.1's, as the demo's are) has none; mlwatch reports what is stored.
			if (/^\$\.experiments\[\d+\]\.workspace: expected "default", got \(absent\)$/.test(line)) continue;
			problems.push(`${args.join(' ')} ${line}`);
		}
	});
	return problems;
}

function oracleOrSkip(version: MlflowVersion, context: TestContext): void {
	try {
		mlflowEnv(version);
	} catch (error) {
		if (error instanceof MlflowUnavailable && !mlflowRequired) context.skip(error.message);
		throw error;
	}
}

describe.each(['3.1.4', 'latest'] as const)('the demo store read by real MLflow %s', (version) => {
	it('agrees with mlwatch on experiments, runs, statuses, params, tags and histories', {timeout: 30 * minutes}, (context) => {
		oracleOrSkip(version, context);
		const demo = demoStore(Date.now());
		const statuses = new Set(mlwatch(demo.root, ['runs']).runs.map((run: any) => run.info.status));
		expect([...statuses].sort()).toEqual(['FAILED', 'FINISHED', 'RUNNING']);
		expect(compare(version, demo)).toEqual([]);
	});

	it('still agrees after the trainer has run on (a job failed, new jobs started)', {timeout: 30 * minutes}, (context) => {
		oracleOrSkip(version, context);
		const start = Date.now() - 5 * minutes;
		const demo = demoStore(start);
		let clock = start;
		const trainer = new DemoTrainer(demo, () => clock, 8_000);
		for (; clock < start + 5 * minutes; clock += 1000) trainer.tick();
		const names = mlwatch(demo.root, ['runs']).runs.map((run: any) => run.info.run_name);
		expect(names).toEqual(expect.arrayContaining(['live-trial-1', 'live-trial-2', 'lr-warmup-off-1', 'lr-warmup-on-1']));
		expect(compare(version, demo)).toEqual([]);
	});
});
