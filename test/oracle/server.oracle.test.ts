// mlwatch's headless JSON against a REAL tracking server: `node dist/cli.js <cmd> --store
// http://127.0.0.1:PORT --json` must equal what the server's own REST API answers for the
// same question (its pages followed to the end), field by field after `normalise`, for
// MLflow 3.1.4 and the newest 3.x, over SQLite, SQLite with the basic-auth app, and
// PostgreSQL. As in file-store.oracle.test.ts, mlwatch's own additions are not compared:
// "problems", "liveness", and the "versions" list of each registered model (each of the
// server's latest_versions must appear in it). A search the server rejects must fail in
// mlwatch too, with the server's words. With basic-auth, no output of mlwatch's may hold
// the password.

import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it, type TestContext} from 'vitest';
import {jsonDiff, normalise, type MlflowVersion} from '../helpers/mlflow-oracle.js';
import {prepareServer, removeServerScenarios, type Backend, type Prepared, type ServerScenario} from '../helpers/mlflow-server.js';
import {runCli} from '../helpers/run-cli.js';

const minutes = 60_000;

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
	'params.lr IS NULL',
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
	['baseline', 'system/cpu_utilization_percentage'],
	['baseline', 'big'],
	['train-model', 'val_acc'],
	['ünïcode-run', 'précision'],
	['failed-run', 'loss'],
	['doomed-run', 'loss'],
];

/** MLflow's own answers, straight from the server's REST API. */
class Rest {
	constructor(
		private readonly url: string,
		private readonly auth: string | undefined,
	) {}

	private async call(method: 'GET' | 'POST', path: string, query: Record<string, string | string[]>, body?: unknown): Promise<any> {
		const target = new URL(`/api/2.0/mlflow/${path}`, this.url);
		for (const [name, value] of Object.entries(query)) for (const item of [value].flat()) target.searchParams.append(name, item);
		const headers: Record<string, string> = body === undefined ? {} : {'content-type': 'application/json'};
		if (this.auth) headers['authorization'] = this.auth;
		const init = {method, headers, ...(body === undefined ? {} : {body: JSON.stringify(body)})};
		// uvicorn closes idle keep-alive connections; undici may reuse one just as it does.
		const response = await fetch(target, init).catch(() => fetch(target, init));
		const json = (await response.json()) as any;
		if (!response.ok) return {error_code: json.error_code ?? String(response.status), message: json.message ?? ''};
		return json;
	}

	/** Every page of a listing, concatenated under `field` (no token left, as mlwatch prints it). */
	async all(method: 'GET' | 'POST', path: string, field: string, request: Record<string, any>, limit?: number): Promise<any> {
		const items: any[] = [];
		let token: string | undefined;
		do {
			const page = method === 'POST' ? await this.call('POST', path, {}, {...request, ...(token ? {page_token: token} : {})}) : await this.call('GET', path, {...request, ...(token ? {page_token: token} : {})});
			if (page.error_code) return page;
			items.push(...(page[field] ?? []));
			token = page.next_page_token;
		} while (token && (limit === undefined || items.length < limit));
		return items.length === 0 ? {} : {[field]: limit === undefined ? items : items.slice(0, limit)};
	}

	experiments(view: string) {
		return this.all('POST', 'experiments/search', 'experiments', {max_results: 1000, view_type: view});
	}

	runs(experimentIds: string[], options: {filter?: string; orderBy?: string[]; view?: string; maxResults?: number} = {}) {
		const request = {experiment_ids: experimentIds, max_results: options.maxResults ?? 1000, run_view_type: options.view ?? 'ACTIVE_ONLY', ...(options.filter ? {filter: options.filter} : {}), ...(options.orderBy ? {order_by: options.orderBy} : {})};
		return this.all('POST', 'runs/search', 'runs', request, options.maxResults);
	}

	async run(runId: string) {
		return this.call('GET', 'runs/get', {run_id: runId});
	}

	history(runId: string, key: string) {
		return this.all('GET', 'metrics/get-history', 'metrics', {run_id: runId, metric_key: key, max_results: '25000'});
	}

	models() {
		return this.all('GET', 'registered-models/search', 'registered_models', {max_results: '1000'});
	}
}

afterAll(removeServerScenarios);

const configurations: Array<[MlflowVersion, Backend]> = [
	['3.1.4', 'sqlite'],
	['3.1.4', 'basic-auth'],
	['3.1.4', 'postgres'],
	['latest', 'sqlite'],
	['latest', 'basic-auth'],
	['latest', 'postgres'],
];

for (const [version, backend] of configurations) {
	describe(`tracking server vs its REST API: MLflow ${version}, ${backend}`, () => {
		let prepared: Prepared = {available: false, reason: 'not set up'};
		let scenario: ServerScenario;
		let rest: Rest;
		let env: NodeJS.ProcessEnv = {};
		const outputs: string[] = [];
		const runIds = new Map<string, string>();
		const experimentIds = new Map<string, string>();
		let active: string[] = [];
		let dbBefore = '';
		const dbHash = () => createHash('sha256').update(readFileSync(scenario.server.backendStoreUri.replace(/^sqlite:\/\//, ''))).digest('hex');
		// Every request to the basic-auth app checks the password (slow by design, in 3.17 most): a
		// sample of the questions shows that authenticated reads agree.
		const sample = <T,>(items: readonly T[]): readonly T[] => (backend === 'basic-auth' ? items.filter((_, index) => index % 4 === 0) : items);

		const ready = (context: TestContext) => {
			if (!prepared.available) context.skip(prepared.reason);
		};

		/** mlwatch's answer, or its failure; every word it printed is kept for the credentials check. */
		const mlwatch = (args: string[]): {json?: any; status: number; stderr: string} => {
			const [command, ...rest] = args;
			const result = runCli([command!, ...rest, '--store', scenario.server.url, '--json'], {env});
			outputs.push(result.stdout, result.stderr);
			if (result.status !== 0) return {status: result.status, stderr: result.stderr};
			const json = JSON.parse(result.stdout);
			delete json.problems;
			delete json.liveness;
			return {json, status: 0, stderr: result.stderr};
		};

		/** The differences between mlwatch and the server for one question; a rejection must be shared. */
		const compare = (args: string[], expected: any): string[] => {
			const got = mlwatch(args);
			const label = `[${args.join(' ')}]`;
			if (expected?.error_code) {
				if (got.status === 0) return [`${label} the server rejected it (${expected.error_code}: ${expected.message}) but mlwatch answered`];
				return got.stderr.includes(expected.message.split('\n')[0].slice(0, 60)) ? [] : [`${label} mlwatch failed without the server's words: ${got.stderr}`];
			}
			if (got.status !== 0) return [`${label} mlwatch exited ${got.status}: ${got.stderr.slice(-1500)}`];
			return jsonDiff(normalise(got.json), normalise(expected)).map((line) => `${label} ${line}`);
		};

		beforeAll(async () => {
			prepared = await prepareServer(version, backend);
			if (!prepared.available) return;
			scenario = prepared.scenario;
			const user = scenario.user;
			env = user ? {MLFLOW_TRACKING_USERNAME: user.username, MLFLOW_TRACKING_PASSWORD: user.password} : {};
			rest = new Rest(scenario.server.url, user ? `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` : undefined);
			const experiments = (await rest.experiments('ALL')).experiments as any[];
			for (const experiment of experiments) experimentIds.set(experiment.name, experiment.experiment_id);
			active = experiments.filter((experiment) => experiment.lifecycle_stage === 'active').map((experiment) => experiment.experiment_id);
			const all = [...((await rest.runs(active, {view: 'ALL'})).runs ?? []), ...((await rest.runs([experimentIds.get('to-be-deleted')!], {view: 'ALL'})).runs ?? [])];
			for (const run of all) runIds.set(run.info.run_name, run.info.run_id);
			if (backend === 'sqlite') dbBefore = dbHash();
		}, 20 * minutes);

		afterAll(async () => {
			if (prepared.available) await prepared.scenario.stop();
		}, 2 * minutes);

		it('lists experiments as the server does', async (context) => {
			ready(context);
			const problems = [...compare(['experiments'], await rest.experiments('ACTIVE_ONLY')), ...compare(['experiments', '--all'], await rest.experiments('ALL'))];
			expect(problems).toEqual([]);
		}, 5 * minutes);

		it('searches runs as the server does: every experiment, views, filters, orders, a page limit', async (context) => {
			ready(context);
			const problems: string[] = [];
			problems.push(...compare(['runs'], await rest.runs(active)));
			problems.push(...compare(['runs', '--all'], await rest.runs(active, {view: 'ALL'})));
			for (const id of sample([...experimentIds.values()])) {
				problems.push(...compare(['runs', '--experiment', id], await rest.runs([id])));
				problems.push(...compare(['runs', '--experiment', id, '--all'], await rest.runs([id], {view: 'ALL'})));
			}
			for (const filter of sample(filters)) problems.push(...compare(['runs', '--filter', filter], await rest.runs(active, {filter})));
			const inList = `attributes.run_id IN ('${runIds.get('baseline')}', '${runIds.get('child-2')}')`;
			problems.push(...compare(['runs', '--filter', inList], await rest.runs(active, {filter: inList})));
			for (const clauses of sample(orderBys)) problems.push(...compare(['runs', ...clauses.flatMap((clause) => ['--order-by', clause])], await rest.runs(active, {orderBy: clauses})));
			problems.push(...compare(['runs', '--order-by', 'metrics.score DESC', '--max-results', '3'], await rest.runs(active, {orderBy: ['metrics.score DESC'], maxResults: 3})));
			expect(problems).toEqual([]);
		}, 10 * minutes);

		it('gets every run, and whole metric histories, as the server does', async (context) => {
			ready(context);
			const problems: string[] = [];
			for (const id of sample([...runIds.values()])) problems.push(...compare(['run', id], await rest.run(id)));
			for (const [name, key] of sample(histories)) problems.push(...compare(['history', runIds.get(name)!, key], await rest.history(runIds.get(name)!, key)));
			expect(problems).toEqual([]);
		}, 10 * minutes);

		it('lists registered models as the server does, each with every version', async (context) => {
			ready(context);
			const got = mlwatch(['models']);
			expect(got.status, got.stderr).toBe(0);
			const expected = await rest.models();
			for (const model of got.json.registered_models) {
				const versions = normalise(model.versions);
				for (const latest of model.latest_versions ?? []) {
					const same = versions.find((version: any) => version.version === latest.version);
					expect(same, `${model.name} v${latest.version} among its versions`).toBeDefined();
					const {aliases: _a, ...rest1} = normalise(latest);
					const {aliases: _b, ...rest2} = same;
					expect(rest2).toEqual(rest1);
				}
				delete model.versions;
			}
			expect(jsonDiff(normalise(got.json), normalise(expected))).toEqual([]);
		}, 5 * minutes);

		it.runIf(backend === 'sqlite')('left the database as it was: mlwatch only reads', (context) => {
			ready(context);
			expect(outputs.length).toBeGreaterThan(10);
			expect(dbHash()).toBe(dbBefore);
		});

		it.runIf(backend === 'basic-auth')('never prints the password, in any output', (context) => {
			ready(context);
			const password = scenario.user!.password;
			const header = Buffer.from(`${scenario.user!.username}:${password}`).toString('base64');
			expect(outputs.length).toBeGreaterThan(10);
			for (const output of outputs) {
				expect(output).not.toContain(password);
				expect(output).not.toContain(header);
			}
		});
	});
}
