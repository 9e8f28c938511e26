// The SQLite backend beyond the shared contract: how a database is named and what a bad one
// is told, that nothing is ever written (not even beside the file, in WAL mode too), the
// driver's absence in one line, and the change feed's words for what real MLflow writes
// (run ends, tags rewritten in place, deleted runs), with a poll that costs nothing idle.

import {copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it, type TestContext} from 'vitest';
import type {StoreChange, TrackingStore} from '../../../source/store/contract.js';
import {allExperiments, searchAllRuns} from '../../../source/store/queries.js';
import {openStore, StoreError} from '../../../source/store/registry.js';
import {sqliteDriver} from '../../../source/store/sqlite/driver.js';
import {databasePath, openSqliteStore} from '../../../source/store/sqlite/open.js';
import {cliPath} from '../../helpers/paths.js';
import {runCli} from '../../helpers/run-cli.js';
import {MlflowWriter, prepareSqliteOracle, removeSqliteFixtures, tempDir} from './sqlite-fixtures.js';
import {spawnSync} from 'node:child_process';

const minutes = 60_000;
let scenario = '';
/** Why real MLflow is not here (the tests then skip, or fail with MLWATCH_REQUIRE_MLFLOW=1). */
let unavailable = '';
const ready = (ctx: TestContext) => {
	if (unavailable) ctx.skip(unavailable);
};

beforeAll(async () => {
	const oracle = await prepareSqliteOracle('3.1.4');
	if (oracle.available) scenario = oracle.db;
	else unavailable = oracle.reason;
}, 20 * minutes);

afterAll(removeSqliteFixtures);

const context = (cwd = process.cwd()) => ({env: process.env, cwd});

function fingerprint(db: string): string {
	const stats = statSync(db);
	const dir = join(db, '..');
	return `${createHash('sha256').update(readFileSync(db)).digest('hex')} size=${stats.size} mtime=${stats.mtimeMs} files=${readdirSync(dir).sort().join(',')}`;
}

/** Every read the contract offers, on every run. */
async function readEverything(store: TrackingStore): Promise<number> {
	const experiments = await allExperiments(store, 'ALL');
	const runs = await searchAllRuns(store, {experimentIds: experiments.map((experiment) => experiment.experiment_id), view: 'ALL', filter: "tags.priority ILIKE '%'", orderBy: ['metrics.score DESC']});
	const all = await searchAllRuns(store, {experimentIds: experiments.map((experiment) => experiment.experiment_id), view: 'ALL'});
	const ids = all.map((run) => run.info.run_id);
	await store.getMetricSummaries(ids);
	for (const run of all) {
		await store.getRun(run.info.run_id);
		for (const metric of run.data.metrics) await store.getMetricHistories([run.info.run_id], metric.key, {maxPoints: 50});
		const listing = await store.listArtifacts(run.info.run_id);
		for (const file of listing?.files ?? []) if (!file.is_dir) await store.readArtifact(run.info.run_id, file.path, 100);
	}
	await store.countRuns(experiments.map((experiment) => experiment.experiment_id));
	await store.searchLoggedModels(experiments.map((experiment) => experiment.experiment_id));
	await store.searchRegisteredModels();
	for (const experiment of experiments) await store.getTraceSummary(experiment.experiment_id);
	await store.about();
	return runs.length + all.length;
}

describe('naming a database', () => {
	it('takes sqlite:///relative, sqlite:////absolute and a bare .db path, as MLflow writes them', async (ctx) => {
		ready(ctx);
		const dir = join(scenario, '..');
		expect(databasePath('sqlite:///mlflow.db', dir)).toBe(scenario);
		expect(databasePath(`sqlite:///${scenario}`, '/elsewhere')).toBe(scenario);
		expect(databasePath('sqlite:///./sub/../mlflow.db?timeout=20', dir)).toBe(scenario);
		expect(databasePath('mlflow.db', dir)).toBe(scenario);
		for (const spec of ['sqlite:///mlflow.db', `sqlite:////${scenario.slice(1)}`, 'mlflow.db', scenario]) {
			const store = await openStore(spec, context(dir));
			try {
				expect(store.description).toMatchObject({kind: 'sqlite', uri: `sqlite:///${scenario}`, localPath: scenario});
				expect((await allExperiments(store)).length).toBe(4);
			} finally {
				await store.close();
			}
		}
	});

	it('says plainly what is wrong with what it was given', async () => {
		const dir = tempDir('mlwatch-sqlite-bad-');
		writeFileSync(join(dir, 'text.db'), 'not a database at all, just some text that is long enough to have a header......................................\n');
		writeFileSync(join(dir, 'empty.db'), '');
		mkdirSync(join(dir, 'folder.db'));
		const Driver = await sqliteDriver();
		const other = new Driver(join(dir, 'other.db'));
		other.exec('CREATE TABLE notes (text TEXT)');
		other.close();
		const cases: Array<[string, RegExp]> = [
			['missing.db', /does not exist.*MLflow creates it/],
			['text.db', /is not a SQLite database/],
			['empty.db', /is empty: MLflow creates its tables/],
			['folder.db', /is a folder/],
			['other.db', /not an MLflow tracking store \(no experiments or runs table\)/],
			['sqlite://', /in-memory database/],
			['sqlite:///:memory:', /in-memory database/],
			['sqlite://host/x.db', /names a host/],
		];
		for (const [spec, message] of cases) {
			const error = await openStore(spec, context(dir)).then(
				() => undefined,
				(reason: unknown) => reason,
			);
			expect(error, spec).toBeInstanceOf(StoreError);
			expect((error as Error).message, spec).toMatch(message);
		}
		// The command line says it in one line, without a stack.
		const result = runCli(['runs', '--store', join(dir, 'text.db')]);
		expect(result.status).not.toBe(0);
		expect(result.stderr).toMatch(/is not a SQLite database/);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});
});

describe('read-only', () => {
	it('reads everything and follows the database without changing a byte or creating a file beside it', async (ctx) => {
		ready(ctx);
		const dir = tempDir('mlwatch-sqlite-ro-');
		const db = join(dir, 'mlflow.db');
		copyFileSync(scenario, db);
		const before = fingerprint(db);
		const store = await openSqliteStore(db, context());
		const feed = store.follow({pollMs: 20});
		await feed.ready();
		expect(await readEverything(store)).toBeGreaterThan(0);
		store.refresh();
		await readEverything(store);
		await feed.close();
		await store.close();
		expect(fingerprint(db)).toBe(before);
	});

	it('reads a database someone switched to WAL mode from a copy, since reading in place would create -wal and -shm', async (ctx) => {
		ready(ctx);
		const dir = tempDir('mlwatch-sqlite-wal-');
		const db = join(dir, 'mlflow.db');
		copyFileSync(scenario, db);
		const Driver = await sqliteDriver();
		const writer = new Driver(db);
		writer.pragma('journal_mode = WAL');
		writer.close();
		expect(readdirSync(dir)).toEqual(['mlflow.db']);
		const before = fingerprint(db);
		const plain = await openSqliteStore(scenario, context());
		const wal = await openSqliteStore(db, context());
		try {
			const ids = (store: TrackingStore) => allExperiments(store, 'ALL').then((experiments) => searchAllRuns(store, {experimentIds: experiments.map((experiment) => experiment.experiment_id), view: 'ALL'}));
			expect((await ids(wal)).map((run) => run.info.run_id)).toEqual((await ids(plain)).map((run) => run.info.run_id));
			await readEverything(wal);
		} finally {
			await wal.close();
			await plain.close();
		}
		expect(fingerprint(db)).toBe(before);
	});
});

describe('without the driver', () => {
	// A loader hook that makes better-sqlite3 missing, or present but unbuilt, for the real CLI.
	const hook = (mode: 'missing' | 'unbuilt') => {
		const dir = tempDir('mlwatch-sqlite-hook-');
		const resolver = mode === 'missing'
			? "export async function resolve(specifier, context, next) { if (specifier === 'better-sqlite3') { const error = new Error(\"Cannot find package 'better-sqlite3'\"); error.code = 'ERR_MODULE_NOT_FOUND'; throw error; } return next(specifier, context); }"
			: "export async function resolve(specifier, context, next) { if (specifier === 'better-sqlite3') return {url: 'data:text/javascript,' + encodeURIComponent(\"export default class { constructor() { throw new Error('Could not locate the bindings file. Tried: build/better_sqlite3.node'); } }\"), shortCircuit: true}; return next(specifier, context); }";
		const register = join(dir, 'register.mjs');
		writeFileSync(register, `import {register} from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(resolver)}));\n`);
		return register;
	};
	const cli = (register: string, args: string[]) => spawnSync(process.execPath, ['--import', register, cliPath, ...args], {encoding: 'utf8', env: {...process.env, MLFLOW_TRACKING_URI: ''}, timeout: 60_000});

	it('says in one line how to install it, whether it is missing or did not build; other stores never load it', async () => {
		// The driver is loaded before the file is looked into: any file will do.
		const database = join(tempDir('mlwatch-sqlite-nodriver-'), 'mlflow.db');
		writeFileSync(database, '');
		for (const [mode, words] of [
			['missing', /is not installed; install it .*'npm install better-sqlite3@12'/],
			['unbuilt', /did not build or does not fit this Node\.js.*'npm install better-sqlite3@12'/],
		] as const) {
			const register = hook(mode);
			const result = cli(register, ['runs', '--store', database]);
			expect(result.status, result.stderr).not.toBe(0);
			expect(result.stderr).toMatch(words);
			expect(result.stderr.trim().split('\n')).toHaveLength(1);
			// A file store never loads the driver.
			const fileStore = tempDir('mlwatch-sqlite-file-');
			mkdirSync(join(fileStore, 'mlruns', '0'), {recursive: true});
			writeFileSync(join(fileStore, 'mlruns', '0', 'meta.yaml'), 'artifact_location: x\nexperiment_id: "0"\nlifecycle_stage: active\nname: Default\n');
			const files = cli(register, ['experiments', '--store', join(fileStore, 'mlruns'), '--json']);
			expect(files.status, files.stderr).toBe(0);
			expect(JSON.parse(files.stdout).experiments[0].name).toBe('Default');
		}
	});
});

describe('following what real MLflow writes', () => {
	let writer: MlflowWriter;
	let store: TrackingStore;
	let experimentId = '';
	const changes: StoreChange[] = [];
	let feed: ReturnType<TrackingStore['follow']>;

	beforeAll(async () => {
		if (unavailable) return;
		const dir = tempDir('mlwatch-sqlite-follow-');
		const db = join(dir, 'mlflow.db');
		writer = await MlflowWriter.start('3.1.4', `sqlite:///${db}`, dir);
		experimentId = (await writer.send({op: 'create_experiment', name: 'followed'})).experiment_id!;
		store = await openSqliteStore(db, context());
		feed = store.follow({pollMs: 50});
		feed.subscribe((change) => changes.push(change));
		await feed.ready();
	}, 10 * minutes);

	afterAll(async () => {
		await feed?.close();
		await store?.close();
		await writer?.close();
	});

	/** Resolves with the first change (since `from`) that passes `test`. */
	const seen = async (from: number, test: (change: StoreChange) => boolean, timeoutMs = 10_000): Promise<StoreChange> => {
		const started = Date.now();
		for (;;) {
			const found = changes.slice(from).find(test);
			if (found) return found;
			if (Date.now() - started > timeoutMs) throw new Error(`no such change within ${timeoutMs} ms; saw ${JSON.stringify(changes.slice(from))}`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	};
	const about = (runId: string) => (change: StoreChange) => change.runs.some((run) => run.runId === runId && run.experimentId === experimentId);

	it('a new run, its metrics by key, a tag rewritten in place, its end, and a finished run deleted', async (ctx) => {
		ready(ctx);
		let mark = changes.length;
		const runId = (await writer.send({op: 'create_run', experiment_id: experimentId, name: 'followed-run'})).run_id!;
		const created = await seen(mark, about(runId));
		expect(created.experimentRuns).toContain(experimentId);

		mark = changes.length;
		await writer.send({op: 'log_metric', run_id: runId, key: 'val/loss', value: 'NaN', step: 1});
		const metric = await seen(mark, about(runId));
		expect(metric.runs.find((run) => run.runId === runId)?.metrics).toEqual(['val/loss']);
		expect((await store.getRun(runId))?.data.metrics[0]?.value).toBeNaN();

		await writer.send({op: 'set_tag', run_id: runId, key: 'phase', value: 'one'});
		mark = changes.length;
		await writer.send({op: 'set_tag', run_id: runId, key: 'phase', value: 'two!'});
		await seen(mark, about(runId));
		expect((await store.getRun(runId))?.data.tags.find((tag) => tag.key === 'phase')?.value).toBe('two!');

		mark = changes.length;
		await writer.send({op: 'end_run', run_id: runId, status: 'FAILED'});
		await seen(mark, about(runId));
		expect((await store.getRun(runId))?.info.status).toBe('FAILED');

		// No longer running: its deletion is found by the experiment's signature.
		mark = changes.length;
		await writer.send({op: 'delete_run', run_id: runId});
		await seen(mark, (change) => change.experimentRuns.includes(experimentId));
		expect((await searchAllRuns(store, {experimentIds: [experimentId]})).map((run) => run.info.run_id)).not.toContain(runId);
		expect(JSON.stringify(changes)).not.toMatch(/[/\\]mlflow\.db/);
	});

	it('pages by offset as MLflow does, and a write between pages is seen by the next page', async (ctx) => {
		ready(ctx);
		const first = (await writer.send({op: 'create_run', experiment_id: experimentId, name: 'page-a'})).run_id!;
		const second = (await writer.send({op: 'create_run', experiment_id: experimentId, name: 'page-b'})).run_id!;
		const page1 = await store.searchRuns({experimentIds: [experimentId], maxResults: 1});
		expect(page1.runs.map((run) => run.info.run_id)).toEqual([second]);
		const page2 = await store.searchRuns({experimentIds: [experimentId], maxResults: 1, pageToken: page1.nextPageToken!});
		expect(page2.runs.map((run) => run.info.run_id)).toEqual([first]);
		// A newer run shifts every offset by one, as in MLflow: page 2 now holds what page 1 held.
		await writer.send({op: 'create_run', experiment_id: experimentId, name: 'page-c'});
		const again = await store.searchRuns({experimentIds: [experimentId], maxResults: 1, pageToken: page1.nextPageToken!});
		expect(again.runs.map((run) => run.info.run_id)).toEqual([second]);
	});

	it('costs almost nothing while nothing is written, and says nothing', async (ctx) => {
		ready(ctx);
		// The earlier tests' last writes reach the feed first.
		for (let settled = changes.length; ; settled = changes.length) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			if (changes.length === settled) break;
		}
		const mark = changes.length;
		const cpu = process.cpuUsage();
		const started = performance.now();
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const used = process.cpuUsage(cpu);
		const elapsed = performance.now() - started;
		expect(changes.length).toBe(mark);
		// A poll that finds nothing costs next to nothing (the bound is generous for a loaded machine).
		expect((used.user + used.system) / 1000 / elapsed).toBeLessThan(0.05);
	});
});
