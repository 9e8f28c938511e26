// mlwatch's headless JSON against REAL MLflow, on a file store that real MLflow wrote
// (scripts/oracle/scenario.py), for MLflow 3.1.4 and the newest installable 3.x.
//
// For every query the same arguments go to `mlwatch <cmd> --store S --json` and to
// scripts/oracle/dump.py, which answers through MLflow's Python API in the REST API's JSON
// shapes (checked to equal what `mlflow server` returns for the same store). Both answers go
// through `normalise` (key order, and the order of lists MLflow leaves unspecified) and must
// then be identical. Three things of mlwatch's are not compared:
//   * the top-level "problems" list (mlwatch's own report of unreadable files);
//   * the top-level "liveness" map beside the runs (stalled/dead flags of RUNNING runs);
//   * the extra "versions" list mlwatch adds to each registered model of `mlwatch models`
//     (every live version; not part of MLflow's RegisteredModel). Instead, each of MLflow's
//     latest_versions must appear, identical, in it.
// Nothing else is dropped: an empty list MLflow omits must be omitted, NaN must be "NaN", etc.
//
// Without python3/PyPI the tests skip with the reason; MLWATCH_REQUIRE_MLFLOW=1 makes that fail.
// Setting up a version the first time creates a venv (minutes); later runs reuse it.

import {createHash} from 'node:crypto';
import {existsSync, lstatSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it, type TestContext} from 'vitest';
import {dumpMlflowBatch, jsonDiff, normalise, prepareOracle, removeScenarios, type MlflowVersion, type Oracle} from '../helpers/mlflow-oracle.js';
import {cliPath} from '../helpers/paths.js';
import {runCli} from '../helpers/run-cli.js';

const minutes = 60_000;

/** Filters over all active experiments (metrics, params, tags, attributes, datasets). */
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
];

/** Order-bys over all active experiments (NaN and missing values sort last either way). */
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
];

/** [run name, metric key] pairs whose full history is compared. */
const histories: Array<[string, string]> = [
	['baseline', 'loss'],
	['baseline', 'weird'],
	['baseline', 'val_nan'],
	['baseline', 'val_inf'],
	['baseline', 'dup'],
	['baseline', 'ooo'],
	['baseline', 'nostep'],
	['baseline', 'train/loss'],
	['baseline', 'system/cpu_utilization_percentage'],
	['baseline', 'big'],
	['baseline', 'tiny'],
	['train-model', 'val_acc'],
	['train-model', 'train_acc'],
	['ünïcode-run', 'précision'],
	['failed-run', 'loss'],
	['doomed-run', 'loss'],
];

interface Query {
	/** Arguments after the command, identical for mlwatch and dump.py. */
	args: string[];
	expected?: any;
}

function keyOf(args: string[]): string {
	return JSON.stringify(args);
}

/** mlwatch's answer without what is not compared ("problems", "liveness"). */
function mlwatch(store: string, args: string[]): any {
	const [command, ...rest] = args;
	const result = runCli([command!, ...rest, '--store', store, '--json']);
	if (result.status !== 0) throw new Error(`mlwatch ${args.join(' ')} --store ${store} --json exited ${result.status}:\n${result.stderr.slice(-3000)}`);
	let answer: any;
	try {
		answer = JSON.parse(result.stdout);
	} catch (error) {
		throw new Error(`mlwatch ${args.join(' ')} printed no JSON (${String(error)}):\n${result.stdout.slice(0, 2000)}`);
	}
	delete answer.problems;
	delete answer.liveness;
	return answer;
}

/** Field-level differences after normalisation; [] when mlwatch agrees with MLflow. */
function differences(got: any, expected: any, label: string): string[] {
	return jsonDiff(normalise(got), normalise(expected)).map((line) => `${label} ${line}`);
}

/** Every file and folder under `root` with its mode, size, mtime and (files) content hash. */
function snapshot(root: string): Map<string, string> {
	const entries = new Map<string, string>();
	const visit = (path: string, rel: string) => {
		const info = lstatSync(path);
		const content = info.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : '';
		entries.set(rel || '.', `mode=${info.mode.toString(8)} size=${info.size} mtime=${info.mtimeMs} ${content}`);
		if (info.isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name), rel ? `${rel}/${name}` : name);
	};
	visit(root, '');
	return entries;
}

function snapshotDiff(before: Map<string, string>, after: Map<string, string>): string[] {
	const out: string[] = [];
	for (const [path, was] of before) {
		const now = after.get(path);
		if (now === undefined) out.push(`${path}: removed`);
		else if (now !== was) out.push(`${path}: was ${was}, now ${now}`);
	}
	for (const path of after.keys()) if (!before.has(path)) out.push(`${path}: created`);
	return out;
}

const runNames = (answer: any): string[] => (answer?.runs ?? []).map((run: any) => run.info.run_name);

afterAll(removeScenarios);

for (const version of ['3.1.4', 'latest'] as MlflowVersion[]) {
	describe(`file store vs MLflow ${version}`, () => {
		let oracle: Oracle = {available: false, reason: 'oracle not set up'};
		let store = '';
		let treeBefore = new Map<string, string>();
		const answers = new Map<string, any>();
		const runIds = new Map<string, string>(); // run name -> run id (names are unique in the scenario)
		const experimentIds = new Map<string, string>(); // name -> id, deleted ones included

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
		/** Compare one query; returns the differences instead of failing, to report them all. */
		const compare = (args: string[], label = args.join(' ')): string[] => differences(mlwatch(store, args), expectedFor(args), `[${label}]`);

		beforeAll(async () => {
			oracle = await prepareOracle(version);
			if (!oracle.available) return;
			store = oracle.store;
			treeBefore = snapshot(store);

			// First what names the ids, then every other query in one batch.
			const [experiments, allRuns] = dumpMlflowBatch(version, store, [['experiments', '--all'], ['runs', '--all']]);
			for (const experiment of experiments.experiments) experimentIds.set(experiment.name, experiment.experiment_id);
			const deletedRuns = dumpMlflow1(version, store, ['runs', '--experiment', experimentIds.get('to-be-deleted')!, '--all']);
			for (const run of [...allRuns.runs, ...deletedRuns.runs]) runIds.set(run.info.run_name, run.info.run_id);
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
		}, 30 * minutes);

		it('the scenario is what the tests expect (sanity check of the oracle itself)', (ctx) => {
			ready(ctx);
			expect([...experimentIds.keys()].sort()).toEqual(['Default', 'mlwatch-scenario', 'models', 'to-be-deleted', 'Ünïcode – 実験 🧪'].sort());
			expect(runIds.size).toBe(16);
			for (const [key, answer] of answers) expect(answer.error_code, `MLflow rejected ${key}: ${answer.message}`).toBeUndefined();
			const baseline = expectedFor(['run', runIds.get('baseline')!]).run;
			const latest = Object.fromEntries(baseline.data.metrics.map((metric: any) => [metric.key, metric.value]));
			expect(latest).toMatchObject({weird: '-Infinity', val_nan: 'NaN', val_inf: 'Infinity', dup: 3, ooo: 10, nostep: 0.5});
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
			const two = ['runs', '--experiment', experimentIds.get('mlwatch-scenario')!, '--experiment', experimentIds.get('models')!];
			diffs.push(...compare(two, 'runs of two experiments'));
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
			const diffs = [
				...compare(['runs', '--filter', `attributes.run_id IN ('${runIds.get('baseline')}', '${runIds.get('child-2')}')`], 'run_id IN'),
				...compare(['runs', '--filter', "tags.priority ILIKE '%h%'", '--all']),
			];
			expect(diffs).toEqual([]);
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

		it('models (registered models; mlwatch\'s extra "versions" list is not compared)', (ctx) => {
			ready(ctx);
			const got = mlwatch(store, ['models']);
			const diffs: string[] = [];
			for (const model of got.registered_models ?? []) {
				// Every latest version MLflow reports must be among mlwatch's versions, identical.
				const versions: any[] = model.versions ?? [];
				for (const latest of model.latest_versions ?? []) {
					const same = versions.find((version) => version.version === latest.version);
					if (!same) diffs.push(`[models] ${model.name}: latest version ${latest.version} missing from "versions"`);
					else diffs.push(...differences(same, latest, `[models] ${model.name} versions[v${latest.version}] vs latest_versions:`));
				}
				delete model.versions;
			}
			diffs.push(...differences(got, expectedFor(['models']), '[models]'));
			expect(diffs).toEqual([]);
		});

		it('mlwatch left the scenario store byte-identical (contents and mtimes)', (ctx) => {
			ready(ctx);
			// Runs last: every mlwatch call above read this store.
			mlwatch(store, ['experiments', '--all']);
			mlwatch(store, ['runs', '--all']);
			expect(snapshotDiff(treeBefore, snapshot(store))).toEqual([]);
		});
	}, 10 * minutes);
}

/** One query outside a batch (used before the batch, to learn the deleted experiment's runs). */
function dumpMlflow1(version: MlflowVersion, store: string, args: string[]): any {
	const [answer] = dumpMlflowBatch(version, store, [args]);
	if (answer?.error_code) throw new Error(`MLflow rejected ${args.join(' ')}: ${answer.message}`);
	return answer;
}
