// Databases written by OLD MLflow releases (1.30.1: no datasets, aliases or logged models;
// 2.9.2: datasets and aliases, no logged models or run outputs), each in its own cached venv:
// mlwatch reads them as they are, and says what that release's own MLflow says about them
// (scripts/oracle/dump.py run by the same release), apart from the known differences of
// MLflow's SQL store (asMlflowSql). Both releases install on Python 3.11.

import {createHash} from 'node:crypto';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it, type TestContext} from 'vitest';
import {openSqliteStore} from '../../../source/store/sqlite/open.js';
import {allExperiments, searchAllRuns} from '../../../source/store/queries.js';
import {jsonDiff, normalise, skipReason} from '../../helpers/mlflow-oracle.js';
import {runCli} from '../../helpers/run-cli.js';
import {asMlflowSql, dumpBatch, pythonEnv, pythonFor, removeSqliteFixtures, tempDir} from './sqlite-fixtures.js';
import {spawnSync} from 'node:child_process';

const minutes = 60_000;
const here = new URL('.', import.meta.url).pathname;

afterAll(removeSqliteFixtures);

function mlwatch(store: string, args: string[]): any {
	const result = runCli([...args, '--store', store, '--json']);
	if (result.status !== 0) throw new Error(`mlwatch ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
	const answer = JSON.parse(result.stdout);
	delete answer.problems;
	delete answer.liveness;
	return answer;
}

function fingerprint(db: string, dir: string): string {
	const stats = statSync(db);
	return `${createHash('sha256').update(readFileSync(db)).digest('hex')} ${stats.size} ${stats.mtimeMs} ${readdirSync(dir).sort().join(',')}`;
}

for (const [version, revision] of [
	['1.30.1', '97727af70f4d'],
	['2.9.2', 'acf3f17fdcc7'],
] as const) {
	describe(`a database written by MLflow ${version}`, () => {
		let reason = '';
		let python = '';
		let dir = '';
		let db = '';
		let before = '';
		const ready = (ctx: TestContext) => {
			if (reason) ctx.skip(reason);
		};

		beforeAll(() => {
			try {
				python = pythonFor(version);
			} catch (error) {
				reason = skipReason(`MLflow ${version}`, error);
				return;
			}
			dir = tempDir(`mlwatch-old-${version}-`);
			db = join(dir, 'mlflow.db');
			const result = spawnSync(python, [join(here, 'old-scenario.py'), `sqlite:///${db}`], {cwd: dir, env: pythonEnv(), encoding: 'utf8', timeout: 5 * minutes});
			if (result.status !== 0) throw new Error(`old-scenario.py (MLflow ${version}) failed:\n${result.stderr.slice(-3000)}`);
			before = fingerprint(db, dir);
		}, 30 * minutes);

		it('is at that release\'s schema revision, which mlwatch reports', async (ctx) => {
			ready(ctx);
			const store = await openSqliteStore(db, {env: process.env, cwd: dir});
			try {
				expect((await store.about()).schemaRevision).toBe(revision);
				const experiments = await allExperiments(store, 'ALL');
				expect(experiments.map((experiment) => experiment.name).sort()).toEqual(['Default', 'doomed', 'old-schema']);
				const id = experiments.find((experiment) => experiment.name === 'old-schema')!.experiment_id;
				const runs = await searchAllRuns(store, {experimentIds: [id], view: 'ALL'});
				const base = runs.find((run) => run.info.run_name === 'base')!;
				const weird = (await store.getMetricHistories([base.info.run_id], 'weird')).histories[base.info.run_id]!;
				expect(weird.map((point) => point.value)).toEqual([1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
				const summary = (await store.getMetricSummaries([base.info.run_id], ['loss']))[base.info.run_id]!['loss']!;
				expect(summary).toMatchObject({count: 200, max: 1, min: 1 / 200, nonFinite: false});
				expect((await searchAllRuns(store, {experimentIds: [id], filter: "tags.priority LIKE 'H%' and metrics.acc >= 0.5"})).map((run) => run.info.run_name)).toEqual(['base']);
				expect((await store.countRuns([id]))[id]).toMatchObject({active: 4, running: 1});
				expect(await store.searchLoggedModels([id])).toEqual([]);
			} finally {
				await store.close();
			}
		});

		it('mlwatch answers as that MLflow answers (runs, run, history, experiments, models)', (ctx) => {
			ready(ctx);
			const store = `sqlite:///${db}`;
			const [experiments, runs] = dumpBatch(python, store, [['experiments', '--all'], ['runs', '--all']]);
			const doomed = experiments.experiments.find((experiment: any) => experiment.name === 'doomed').experiment_id;
			const [doomedRuns] = dumpBatch(python, store, [['runs', '--experiment', doomed, '--all']]);
			const ids = [...runs.runs, ...doomedRuns.runs].map((run: any) => run.info.run_id);
			const base = runs.runs.find((run: any) => run.info.run_name === 'base').info.run_id;
			const queries = [
				['experiments'],
				['experiments', '--all'],
				['runs'],
				['runs', '--all'],
				['runs', '--filter', "tags.priority ILIKE 'h%'"],
				['runs', '--order-by', 'metrics.acc DESC'],
				['models'],
				...ids.map((id: string) => ['run', id]),
				['history', base, 'loss'],
				['history', base, 'weird'],
			];
			const answers = dumpBatch(python, store, queries);
			const diffs: string[] = [];
			queries.forEach((query, index) => {
				const expected = answers[index];
				if (expected.error_code) {
					diffs.push(`[${query.join(' ')}] MLflow ${version} rejected it: ${expected.message}`);
					return;
				}
				const got = asMlflowSql(mlwatch(store, query), query[0]!, version);
				if (query[0] === 'models') for (const model of got.registered_models ?? []) delete model.versions;
				diffs.push(...jsonDiff(normalise(got), normalise(expected)).map((line) => `[${query.join(' ')}] ${line}`));
			});
			expect(diffs).toEqual([]);
		});

		it('is left byte-identical, with nothing created beside it', (ctx) => {
			ready(ctx);
			mlwatch(`sqlite:///${db}`, ['runs', '--all']);
			expect(fingerprint(db, dir)).toBe(before);
		});
	}, 30 * minutes);
}
