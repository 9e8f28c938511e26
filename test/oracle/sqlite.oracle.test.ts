// mlwatch's headless JSON for a SQLite store against REAL MLflow, for MLflow 3.1.4 and the
// newest installable 3.x: scripts/oracle/scenario.py logged into mlflow.db by that MLflow,
// then the same arguments to `mlwatch <cmd> --store sqlite:///… --json` and to
// scripts/oracle/dump.py (MLflow's answers in the REST API's JSON). Compared field by field
// after `normalise`, with what the file-store oracle leaves out ("problems", "liveness", the
// extra "versions" list), and with exactly these known differences of MLflow's SQL store,
// where mlwatch answers as MLflow's file store does (docs/mlflow-quirks.md, "SQLite store"):
//   * ±Infinity: MLflow's SQL store reports the stored ±1.7976931348623157e308;
//   * metrics carry no run_id in MLflow's SQL store (they do in its file store);
//   * search results: 3.1.4 leaves out model inputs and outputs, newer versions model inputs
//     (get_run has them all);
//   * latest_versions of a registered model carry no aliases.
// `asMlflowSql` (sqlite-fixtures.ts) makes exactly those changes to mlwatch's answer, nothing else.
//
// Then the same scenario in a file store and in SQLite must give the same mlwatch output,
// apart from ids, wall-clock timestamps and artifact paths. Last, the database must be left
// byte-identical, mtime included, with no file created beside it.

import {createHash} from 'node:crypto';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname} from 'node:path';
import {afterAll, beforeAll, describe, expect, it, type TestContext} from 'vitest';
import {dumpMlflowBatch, jsonDiff, normalise, prepareOracle, removeScenarios, type MlflowVersion, type Oracle} from '../helpers/mlflow-oracle.js';
import {cliPath} from '../helpers/paths.js';
import {runCli} from '../helpers/run-cli.js';
import {asMlflowSql, DOUBLE_MAX, prepareSqliteOracle, removeSqliteFixtures, type SqliteOracle} from '../store/sqlite/sqlite-fixtures.js';

const minutes = 60_000;

/** The file-store oracle's filters and orders (all of them apply to SQLite). */
const filters = [
	'metrics.score > 0.55',
	'metrics.score != 0.7',
	'metrics.weird < 0',
	'metrics.loss <= 0.3',
	"metrics.accuracy >= 0.6 and params.optimizer = 'sgd'",
	"params.lr = '0.01'",
	"params.lr != '0.01'",
	"params.`名前` = '値 ✓'",
	"tags.priority LIKE 'H%'",
	"tags.priority ILIKE 'h%'",
	"tags.`team name` = 'vision'",
	"tags.mlflow.parentRunId LIKE '%'",
	"attributes.status = 'FAILED'",
	"attributes.status != 'FINISHED'",
	"run_name ILIKE '%SWEEP%'",
	"attributes.run_name LIKE 'child-_'",
	'attributes.start_time > 0',
	"datasets.context = 'training'",
	"datasets.name = 'numbers-eval'",
	"datasets.context IN ('eval', 'testing')",
	// SQLite-specific: LIKE is case-sensitive (MLflow sets case_sensitive_like), `_` is one character.
	"tags.priority LIKE 'h%'",
	"params.`nested/param` LIKE 'a_b'",
	'metrics.val_inf > 1000',
	'metrics.weird <= -1000',
];

const orderBys: string[][] = [
	['metrics.score DESC'],
	['metrics.score ASC'],
	['metrics.loss ASC'],
	['metrics.weird DESC'],
	['params.lr ASC'],
	['params.lr DESC'],
	['attributes.start_time ASC'],
	['tags.priority DESC', 'attributes.run_name ASC'],
	['attributes.run_name DESC'],
	['metrics.val_inf DESC'],
];

const histories: Array<[string, string]> = [
	['baseline', 'loss'],
	['baseline', 'weird'],
	['baseline', 'val_nan'],
	['baseline', 'val_inf'],
	['baseline', 'dup'],
	['baseline', 'ooo'],
	['baseline', 'nostep'],
	['baseline', 'train/loss'],
	['baseline', 'big'],
	['baseline', 'tiny'],
	['train-model', 'val_acc'],
	['train-model', 'train_acc'],
	['ünïcode-run', 'précision'],
	['failed-run', 'loss'],
	['doomed-run', 'loss'],
];

const keyOf = (args: string[]) => JSON.stringify(args);

function mlwatch(store: string, args: string[]): any {
	const [command, ...rest] = args;
	const result = runCli([command!, ...rest, '--store', store, '--json']);
	if (result.status !== 0) throw new Error(`mlwatch ${args.join(' ')} --store ${store} --json exited ${result.status}:\n${result.stderr.slice(-3000)}`);
	const answer = JSON.parse(result.stdout);
	delete answer.problems;
	delete answer.liveness;
	return answer;
}

const runNames = (answer: any): string[] => (answer?.runs ?? []).map((run: any) => run.info.run_name);

/** Bytes, size and mtime of the database, and what else is in its folder. */
function fingerprint(db: string): string {
	const stats = statSync(db);
	const neighbours = readdirSync(dirname(db)).filter((name) => name.startsWith('mlflow.db')).sort();
	return `${createHash('sha256').update(readFileSync(db)).digest('hex')} size=${stats.size} mtime=${stats.mtimeMs} files=${neighbours.join(',')}`;
}

// ------------------------------------------------------------------ file store vs SQLite

/**
 * mlwatch's JSON with what legitimately differs between two stores of one scenario replaced
 * by placeholders: ids (a whole string, or inside one when it is long enough to be unique),
 * the store's folder in paths (and the experiment id after it), wall-clock times.
 */
function comparable(answer: any, ids: Map<string, string>, roots: string[]): any {
	const times = new Set(['start_time', 'end_time', 'creation_time', 'last_update_time', 'creation_timestamp', 'last_updated_timestamp']);
	const idFields = new Set(['experiment_id', 'run_id', 'run_uuid', 'model_id', 'source_run_id']);
	const long = [...ids].filter(([id]) => id.length >= 16);
	const replaceText = (text: string, key?: string) => {
		const whole = key !== undefined && idFields.has(key) ? ids.get(text) : undefined;
		if (whole !== undefined) return whole;
		let out = text;
		for (const root of roots) out = out.split(`file://${root}`).join('<root>').split(root).join('<root>');
		out = out.replace(/<root>\/([0-9]+)(?=\/|$)/g, (all, id: string) => `<root>/${ids.get(id) ?? id}`);
		for (const [id, name] of long) if (out.includes(id)) out = out.split(id).join(name);
		// Times MLflow writes into tag values (mlflow.log-model.history).
		return out.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+/g, '<utc>');
	};
	const visit = (value: any, key?: string): any => {
		if (Array.isArray(value)) return value.map((item) => visit(item));
		if (value && typeof value === 'object') {
			const out: Record<string, any> = {};
			for (const [field, inner] of Object.entries(value)) out[field] = visit(inner, field);
			return out;
		}
		if (key !== undefined && times.has(key) && typeof value === 'number') return '<time>';
		// Points logged without a timestamp carry the wall clock (the scenario's own are 1.75e12 + a few).
		if (key === 'timestamp' && typeof value === 'number' && Math.abs(value - 1.75e12) > 1e7) return '<time>';
		if (typeof value === 'string') return replaceText(value, key);
		return value;
	};
	return visit(answer);
}

afterAll(() => {
	removeScenarios();
	removeSqliteFixtures();
});

for (const version of ['3.1.4', 'latest'] as MlflowVersion[]) {
	describe(`SQLite store vs MLflow ${version}`, () => {
		let oracle: SqliteOracle = {available: false, reason: 'oracle not set up'};
		let fileOracle: Oracle = {available: false, reason: 'oracle not set up'};
		let store = '';
		let before = '';
		const answers = new Map<string, any>();
		const runIds = new Map<string, string>();
		const experimentIds = new Map<string, string>();

		const expectedFor = (args: string[]) => {
			const answer = answers.get(keyOf(args));
			if (answer === undefined) throw new Error(`no MLflow answer prepared for ${args.join(' ')}`);
			if (answer.error_code) throw new Error(`MLflow rejected ${args.join(' ')}: ${answer.error_code} ${answer.message}`);
			return answer;
		};
		const ready = (ctx: TestContext) => {
			if (!oracle.available) ctx.skip(oracle.reason);
			expect(existsSync(cliPath), `${cliPath} is missing: run \`npm run build\``).toBe(true);
		};
		const compare = (args: string[], label = args.join(' ')): string[] =>
			jsonDiff(normalise(asMlflowSql(mlwatch(store, args), args[0]!, oracle.available ? oracle.mlflow : '')), normalise(expectedFor(args))).map((line) => `[${label}] ${line}`);

		beforeAll(async () => {
			oracle = await prepareSqliteOracle(version);
			if (!oracle.available) return;
			store = `sqlite:///${oracle.db}`;
			before = fingerprint(oracle.db);
			const [experiments, allRuns] = dumpMlflowBatch(version, store, [['experiments', '--all'], ['runs', '--all']]);
			for (const experiment of experiments.experiments) experimentIds.set(experiment.name, experiment.experiment_id);
			const [deleted] = dumpMlflowBatch(version, store, [['runs', '--experiment', experimentIds.get('to-be-deleted')!, '--all']]);
			for (const run of [...allRuns.runs, ...deleted.runs]) runIds.set(run.info.run_name, run.info.run_id);
			answers.set(keyOf(['experiments', '--all']), experiments);
			answers.set(keyOf(['runs', '--all']), allRuns);
			const queries: string[][] = [
				['experiments'],
				['runs'],
				['models'],
				...[...experimentIds.values()].flatMap((id) => [
					['runs', '--experiment', id],
					['runs', '--experiment', id, '--all'],
				]),
				['runs', '--experiment', experimentIds.get('mlwatch-scenario')!, '--experiment', experimentIds.get('models')!],
				...filters.map((filter) => ['runs', '--filter', filter]),
				['runs', '--filter', `attributes.run_id IN ('${runIds.get('baseline')}', '${runIds.get('child-2')}')`],
				['runs', '--filter', "tags.priority ILIKE '%h%'", '--all'],
				...orderBys.map((clauses) => ['runs', ...clauses.flatMap((clause) => ['--order-by', clause])]),
				['runs', '--order-by', 'metrics.score DESC', '--max-results', '3'],
				['runs', '--filter', "params.optimizer = 'sgd'", '--order-by', 'metrics.score ASC', '--order-by', 'params.lr DESC'],
				...[...runIds.values()].map((id) => ['run', id]),
				...histories.map(([name, key]) => ['history', runIds.get(name)!, key]),
			];
			const results = dumpMlflowBatch(version, store, queries);
			queries.forEach((query, i) => answers.set(keyOf(query), results[i]));
			fileOracle = await prepareOracle(version);
		}, 30 * minutes);

		it('the scenario is what the tests expect, and MLflow stores infinities clamped', (ctx) => {
			ready(ctx);
			expect([...experimentIds.keys()].sort()).toEqual(['Default', 'mlwatch-scenario', 'models', 'to-be-deleted', 'Ünïcode – 実験 🧪'].sort());
			expect(runIds.size).toBe(16);
			for (const [key, answer] of answers) expect(answer.error_code, `MLflow rejected ${key}: ${answer.message}`).toBeUndefined();
			const baseline = expectedFor(['run', runIds.get('baseline')!]).run;
			const latest = Object.fromEntries(baseline.data.metrics.map((metric: any) => [metric.key, metric.value]));
			expect(latest).toMatchObject({weird: -DOUBLE_MAX, val_nan: 'NaN', val_inf: DOUBLE_MAX, dup: 3, ooo: 10, nostep: 0.5});
			// mlwatch says what was logged.
			const ours = Object.fromEntries(mlwatch(store, ['run', runIds.get('baseline')!]).run.data.metrics.map((metric: any) => [metric.key, metric.value]));
			expect(ours).toMatchObject({weird: '-Infinity', val_nan: 'NaN', val_inf: 'Infinity'});
		});

		it('experiments (active, and --all with the deleted one)', (ctx) => {
			ready(ctx);
			expect([...compare(['experiments']), ...compare(['experiments', '--all'])]).toEqual([]);
		});

		it('runs of all active experiments (active, and --all with deleted runs)', (ctx) => {
			ready(ctx);
			for (const args of [['runs'], ['runs', '--all']]) expect(runNames(mlwatch(store, args)), args.join(' ')).toEqual(runNames(expectedFor(args)));
			expect([...compare(['runs']), ...compare(['runs', '--all'])]).toEqual([]);
		});

		it('runs of each experiment, by id (incl. the deleted experiment and Default)', (ctx) => {
			ready(ctx);
			const diffs: string[] = [];
			for (const [name, id] of experimentIds) {
				for (const args of [['runs', '--experiment', id], ['runs', '--experiment', id, '--all']]) diffs.push(...compare(args, `${args.join(' ')} (${name})`));
			}
			diffs.push(...compare(['runs', '--experiment', experimentIds.get('mlwatch-scenario')!, '--experiment', experimentIds.get('models')!], 'runs of two experiments'));
			expect(diffs).toEqual([]);
		});

		it.for(filters)('runs --filter %s', (filter, ctx) => {
			ready(ctx);
			const args = ['runs', '--filter', filter];
			expect(runNames(mlwatch(store, args)), 'run names, in order').toEqual(runNames(expectedFor(args)));
			expect(compare(args)).toEqual([]);
		});

		it('runs --filter with run_id IN, and with --all', (ctx) => {
			ready(ctx);
			expect([
				...compare(['runs', '--filter', `attributes.run_id IN ('${runIds.get('baseline')}', '${runIds.get('child-2')}')`], 'run_id IN'),
				...compare(['runs', '--filter', "tags.priority ILIKE '%h%'", '--all']),
			]).toEqual([]);
		});

		it.for(orderBys.map((clauses) => [clauses.join(', '), clauses] as const))('runs --order-by %s', ([, clauses], ctx) => {
			ready(ctx);
			const args = ['runs', ...clauses.flatMap((clause) => ['--order-by', clause])];
			expect(runNames(mlwatch(store, args)), 'run names, in order').toEqual(runNames(expectedFor(args)));
			expect(compare(args)).toEqual([]);
		});

		it('runs with --max-results, and filter + two order-bys', (ctx) => {
			ready(ctx);
			const diffs: string[] = [];
			for (const args of [
				['runs', '--order-by', 'metrics.score DESC', '--max-results', '3'],
				['runs', '--filter', "params.optimizer = 'sgd'", '--order-by', 'metrics.score ASC', '--order-by', 'params.lr DESC'],
			]) {
				const got = runNames(mlwatch(store, args));
				const want = runNames(expectedFor(args));
				if (JSON.stringify(got) !== JSON.stringify(want)) diffs.push(`[${args.join(' ')}] run names: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
				diffs.push(...compare(args));
			}
			expect(diffs).toEqual([]);
		});

		it('run RUN_ID for every run (active, deleted, in the deleted experiment)', (ctx) => {
			ready(ctx);
			const diffs: string[] = [];
			for (const [name, id] of runIds) diffs.push(...compare(['run', id], `run ${name}`));
			expect(diffs).toEqual([]);
		});

		it.for(histories)('history of %s / %s', ([name, key], ctx) => {
			ready(ctx);
			expect(compare(['history', runIds.get(name)!, key], `history ${name} ${key}`)).toEqual([]);
		});

		it('models (registered models; mlwatch\'s extra "versions" list holds each latest version)', (ctx) => {
			ready(ctx);
			const got = asMlflowSql(mlwatch(store, ['models']), 'models', oracle.available ? oracle.mlflow : '');
			const diffs: string[] = [];
			for (const model of got.registered_models ?? []) {
				for (const latest of model.latest_versions ?? []) {
					const same = (model.versions ?? []).find((version: any) => version.version === latest.version);
					if (!same) {
						diffs.push(`[models] ${model.name}: latest version ${latest.version} missing from "versions"`);
						continue;
					}
					const {aliases: _aliases, ...rest} = same;
					diffs.push(...jsonDiff(normalise(rest), normalise(latest)).map((line) => `[models] ${model.name} v${latest.version}: ${line}`));
				}
				delete model.versions;
			}
			diffs.push(...jsonDiff(normalise(got), normalise(expectedFor(['models']))).map((line) => `[models] ${line}`));
			expect(diffs).toEqual([]);
		});

		it('the same scenario in a file store gives the same mlwatch output, apart from ids, times and paths', (ctx) => {
			ready(ctx);
			if (!fileOracle.available) ctx.skip(fileOracle.reason);
			const fileStore = (fileOracle as Extract<Oracle, {available: true}>).store;
			const sqliteRoot = `${dirname((oracle as Extract<SqliteOracle, {available: true}>).db)}/mlruns`;
			// Names for ids, from each store's own answers.
			const namesOf = (storeSpec: string) => {
				const ids = new Map<string, string>();
				const experiments = mlwatch(storeSpec, ['experiments', '--all']).experiments;
				for (const experiment of experiments) ids.set(experiment.experiment_id, `<exp:${experiment.name}>`);
				const runs = experiments.flatMap((experiment: any) => mlwatch(storeSpec, ['runs', '--experiment', experiment.experiment_id, '--all']).runs ?? []);
				for (const run of runs) ids.set(run.info.run_id, `<run:${run.info.run_name}>`);
				for (const run of runs) for (const output of run.outputs?.model_outputs ?? []) ids.set(output.model_id, `<model:${run.info.run_name}@${output.step}>`);
				// Longest first, so that no id is replaced inside a longer one.
				return {ids: new Map([...ids].sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))), runs};
			};
			const file = namesOf(fileStore);
			const sqlite = namesOf(store);
			const byName = (runs: any[], name: string) => runs.find((run) => run.info.run_name === name).info.run_id;
			const queries: string[][] = [
				['experiments', '--all'],
				['runs', '--all'],
				['models'],
				...filters.map((filter) => ['runs', '--filter', filter]),
				...orderBys.map((clauses) => ['runs', ...clauses.flatMap((clause) => ['--order-by', clause])]),
			];
			const diffs: string[] = [];
			// MLflow's file store reads a point logged against a dataset at step 0 (docs/mlflow-quirks.md);
			// the SQL store keeps its step. Only train-model's val_acc has such points.
			const dropDatasetPoints = (answer: any) => {
				for (const run of [...(answer.runs ?? []), ...(answer.run ? [answer.run] : [])]) {
					if (run.info?.run_name === 'train-model') run.data.metrics = run.data.metrics.filter((metric: any) => metric.key !== 'val_acc');
				}
				return answer;
			};
			const view = (answer: any, names: {ids: Map<string, string>}, roots: string[]) => {
				// Experiment ids differ in kind (18 random digits against 0, 1, 2…), and so does
				// MLflow's order of experiments created in the same millisecond.
				const out = normalise(comparable(dropDatasetPoints(answer), names.ids, roots));
				if (out.experiments) out.experiments.sort((a: any, b: any) => (a.name < b.name ? -1 : 1));
				// A file keeps points in logged order; MLflow's SQL store answers by timestamp, step, value.
				const point = (m: any) => [String(m.timestamp), m.step, typeof m.value === 'number' ? m.value : Number.NaN];
				// MLflow's SQL store keeps one row of points logged twice exactly alike (its primary key).
				if (out.metrics) out.metrics = [...new Map(out.metrics.map((m: any) => [JSON.stringify(m), m])).values()];
				if (out.metrics) out.metrics.sort((x: any, y: any) => {
					const [p, q] = [point(x), point(y)];
					return p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : p[1] - q[1] || p[2] - q[2] || 0;
				});
				return out;
			};
			for (const query of queries) {
				const a = view(mlwatch(fileStore, query), file, [fileStore]);
				const b = view(mlwatch(store, query), sqlite, [sqliteRoot]);
				diffs.push(...jsonDiff(b, a).map((line) => `[${query.join(' ')}] ${line}`));
			}
			for (const name of runIds.keys()) {
				const a = view(mlwatch(fileStore, ['run', byName(file.runs, name)]), file, [fileStore]);
				const b = view(mlwatch(store, ['run', byName(sqlite.runs, name)]), sqlite, [sqliteRoot]);
				diffs.push(...jsonDiff(b, a).map((line) => `[run ${name}] ${line}`));
			}
			for (const [name, key] of histories) {
				if (name === 'train-model' && key === 'val_acc') continue;
				const a = view(mlwatch(fileStore, ['history', byName(file.runs, name), key]), file, [fileStore]);
				const b = view(mlwatch(store, ['history', byName(sqlite.runs, name), key]), sqlite, [sqliteRoot]);
				diffs.push(...jsonDiff(b, a).map((line) => `[history ${name} ${key}] ${line}`));
			}
			expect(diffs).toEqual([]);
		});

		it('mlwatch left the database byte-identical (contents and mtime), with nothing created beside it', (ctx) => {
			ready(ctx);
			mlwatch(store, ['experiments', '--all']);
			mlwatch(store, ['runs', '--all']);
			expect(fingerprint((oracle as Extract<SqliteOracle, {available: true}>).db)).toBe(before);
		});
	}, 10 * minutes);
}
