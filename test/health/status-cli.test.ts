// `mlwatch status` as people and CI use it: the checklist, the JSON, the report file and
// the exit codes, on corpus stores and on small stores made for one situation each.

import {symlinkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {runCli} from '../helpers/run-cli.js';
import {runMeta, writeExperiment, writeRun} from '../helpers/store-builder.js';
import {hashTree} from '../helpers/tree-hash.js';

const temps: string[] = [];
afterAll(() => {
	for (const dir of temps) rmSync(dir, {recursive: true, force: true});
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'mlwatch-status-'));
	temps.push(dir);
	return dir;
}

/** No MLflow anywhere: the checks that need it must cope. */
const NO_MLFLOW = {PATH: '', VIRTUAL_ENV: '', CONDA_PREFIX: ''};

function status(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}) {
	const result = runCli(['status', ...args], {cwd: options.cwd, env: {...NO_MLFLOW, ...options.env}});
	return {...result, json: args.includes('--json') && result.stdout ? JSON.parse(result.stdout) : undefined};
}

const check = (report: any, id: string) => report.checks.find((entry: any) => entry.id === id);

function experimentMeta(id: string, name: string): string {
	return [`artifact_location: file:///elsewhere/mlruns/${id}`, 'creation_time: 1700000000000', `experiment_id: '${id}'`, 'last_update_time: 1700000000000', 'lifecycle_stage: active', `name: ${name}`, ''].join('\n');
}

/** A project folder with mlruns/ holding one experiment and the given runs. */
function project(runs: Array<{id: string; name: string; status: number; start: number; metrics?: Record<string, string>; params?: Record<string, string>}>): {dir: string; store: string} {
	const dir = tempDir();
	const store = join(dir, 'mlruns');
	mkdirSync(store);
	const experiment = writeExperiment(store, '1', experimentMeta('1', 'trials'));
	for (const run of runs) {
		writeRun(experiment, run.id, {meta: runMeta({runId: run.id, experimentId: '1', name: run.name, status: run.status, start: run.start, end: run.status === 1 ? null : run.start + 1000}), metrics: run.metrics, params: run.params});
	}
	return {dir, store};
}

/** Sets every file's and folder's times to `ms`, as if nothing had written for long. */
function age(path: string, ms: number): void {
	const seconds = ms / 1000;
	if (statSync(path).isDirectory()) for (const name of readdirSync(path)) age(join(path, name), ms);
	utimesSync(path, seconds, seconds);
}

describe.skipIf(!hasCorpus)('status on corpus stores', () => {
	it('reports counts, keys and every check as JSON, exit 0, and writes nothing in the store', () => {
		const store = corpusStore('jeffc05__learning_mlops');
		const before = hashTree(store);
		const {status: code, json} = status(['--store', store, '--json']);
		expect(code).toBe(0);
		expect(json.ok).toBe(true);
		expect(json.store.path).toBe(store);
		expect(json.mlflow).toMatchObject({installed: false, version: null});
		expect(json.counts).toEqual({experiments: 4, runs: 21, deleted_experiments: 0, deleted_runs: 1, runs_in_deleted_experiments: 0, runs_by_status: {FINISHED: 21}});
		expect(json.metrics).toContain('eval_rmse');
		expect(json.params).toEqual(expect.arrayContaining(['lr', 'momentum', 'n_estimators']));
		expect(json.last_activity).toMatch(/^2025-03-0\dT/);
		const ids = json.checks.map((entry: any) => entry.id);
		expect(ids).toEqual(expect.arrayContaining(['store', 'mlflow', 'mlflow-default-store', 'file-store-allowed', 'problems', 'stalled-runs', 'artifact-paths', 'disk-space', 'network-fs', 'inotify', 'port', 'mlflow-server']));
		expect(new Set(ids).size).toBe(ids.length);
		for (const entry of json.checks) {
			expect(['ok', 'warn', 'fail', 'skip']).toContain(entry.status);
			expect(typeof entry.message).toBe('string');
			expect(entry.message.length).toBeGreaterThan(0);
			expect(typeof entry.fix).toBe('string');
		}
		expect(hashTree(store)).toBe(before);
	});

	it('prints a checklist with what to do; --ascii keeps to ASCII', () => {
		const store = corpusStore('1234525344__stock-quant');
		const text = status(['--store', store]);
		expect(text.status).toBe(0);
		expect(text.stdout).toMatch(/Runs\s+10 active \(7 FAILED, 3 FINISHED\)/);
		expect(text.stdout).toContain('✓ Store readable');
		expect(text.stdout).toMatch(/! Artifact paths\s+10 of 10 runs record artifact paths from another machine .*mlwatch finds 10 of them beside the runs/);
		expect(text.stdout).toMatch(/! MLflow installed .*MLflow not found/);
		expect(text.stdout).toContain('fix: pip install mlflow');
		expect(text.stdout).not.toContain('\u001b[');
		const ascii = status(['--store', store, '--ascii']);
		expect(ascii.stdout).toContain('+ Store readable');
		expect(ascii.stdout).not.toMatch(/[✓✗]/);
	});

	it('flags the RUNNING run that stopped writing long ago (Shinra2022)', () => {
		const {json} = status(['--store', corpusStore('keimoriyama__Shinra2022'), '--json']);
		expect(json.counts.runs_by_status).toEqual({RUNNING: 1});
		// The corpus copy's file times are recent, so the run may still count as merely quiet;
		// the crafted store below checks the dead case.
		expect(['ok', 'warn']).toContain(check(json, 'stalled-runs').status);
	});
});

describe('status --report', () => {
	it('--report with no value writes reports/mlflow_status_report.json in the current folder, the same JSON as --json', () => {
		const {dir} = project([{id: 'a1', name: 'first', status: 3, start: 1700000000000, metrics: {loss: '1700000000000 0.5 0\n'}, params: {lr: '0.1'}}]);
		const result = status(['--report', '--json'], {cwd: dir});
		expect(result.status).toBe(0);
		const written = JSON.parse(readFileSync(join(dir, 'reports', 'mlflow_status_report.json'), 'utf8'));
		expect({...written, checked_at: 0}).toEqual({...result.json, checked_at: 0});
		expect(written.counts).toMatchObject({experiments: 1, runs: 1});
		expect(written.metrics).toEqual(['loss']);
		expect(written.params).toEqual(['lr']);
		expect(result.stderr).toContain(`report written to ${join(dir, 'reports', 'mlflow_status_report.json')}`);
	});

	it('--report=FILE writes there, and the checklist still goes to stdout', () => {
		const {dir} = project([]);
		const result = status(['--report=out/health.json'], {cwd: dir});
		expect(result.stdout).toContain('mlwatch status');
		expect(JSON.parse(readFileSync(join(dir, 'out', 'health.json'), 'utf8')).store.path).toBe(join(dir, 'mlruns'));
	});

	it('refuses to write the report inside the store', () => {
		const {dir, store} = project([]);
		const result = status(['--report', join(store, 'report.json')], {cwd: dir});
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('inside the store');
		expect(result.stderr).toContain('mlwatch never writes there');
		expect(readdirSync(store)).toEqual(['1']);
	});

	it('refuses a report path that reaches the store through a link, or from inside an mlruns folder', () => {
		const {dir, store} = project([]);
		symlinkSync(store, join(dir, 'linked'));
		expect(status(['--report', join(dir, 'linked', 'report.json')], {cwd: dir}).status).toBe(2);
		// Run from inside mlruns with no --store: the default reports/ would land in the store.
		const inside = status(['--report'], {cwd: store});
		expect(inside.status).toBe(2);
		expect(inside.stderr).toContain('mlwatch never writes there');
		expect(readdirSync(store)).toEqual(['1']);
	});
});

describe('status exit codes and failures', () => {
	it('exits 1 with a failed store check when there is no store', () => {
		const dir = tempDir();
		const {status: code, json} = status(['--json'], {cwd: dir});
		expect(code).toBe(1);
		expect(json.ok).toBe(false);
		expect(json.store).toBeNull();
		expect(check(json, 'store')).toMatchObject({status: 'fail'});
		expect(check(json, 'store').message).toContain('No MLflow store found');
		expect(check(json, 'store').fix).toContain('--store PATH');
		expect(json.counts.runs).toBe(0);
	});

	it('exits 1 when --mlflow names an MLflow that is not there', () => {
		const {dir} = project([]);
		const {status: code, json} = status(['--json', '--mlflow', '/nonexistent/mlflow'], {cwd: dir});
		expect(code).toBe(1);
		expect(check(json, 'mlflow')).toMatchObject({status: 'fail'});
		expect(check(json, 'mlflow').message).toContain('/nonexistent/mlflow');
	});

	it('warns, but does not fail, when MLflow is simply not installed', () => {
		const {dir} = project([]);
		const {status: code, json} = status(['--json'], {cwd: dir});
		expect(code).toBe(0);
		expect(check(json, 'mlflow')).toMatchObject({status: 'warn'});
		expect(check(json, 'mlflow').fix).toContain('pip install mlflow');
	});
});

describe('status checks on stores made for them', () => {
	it('a RUNNING run silent for days is reported as likely dead, with the command to close it', () => {
		const longAgo = Date.now() - 3 * 24 * 3600_000;
		const {dir, store} = project([
			{id: 'deadbeef01', name: 'crashed-job', status: 1, start: longAgo, metrics: {loss: [0, 1, 2, 3].map((step) => `${longAgo + step * 1000} ${1 / (step + 1)} ${step}`).join('\n') + '\n'}},
			{id: 'cafe0002', name: 'done-job', status: 3, start: longAgo},
		]);
		age(store, longAgo);
		const {json} = status(['--json'], {cwd: dir});
		const stalled = check(json, 'stalled-runs');
		expect(stalled.status).toBe('warn');
		expect(stalled.message).toContain('crashed-job');
		expect(stalled.message).toContain('likely dead');
		expect(stalled.message).not.toContain('done-job');
		expect(stalled.fix).toContain("set_terminated('deadbeef01', 'KILLED')");
		expect(json.counts.runs_by_status).toEqual({RUNNING: 1, FINISHED: 1});
	});

	it('reports what the reader found wrong, and still counts the rest', () => {
		const {dir} = project([{id: 'b1', name: 'ok', status: 3, start: 1700000000000, metrics: {loss: '1700000000000 0.5 0\nthis is not a metric line\n'}}]);
		const {json} = status(['--json'], {cwd: dir});
		expect(check(json, 'problems').status).toBe('warn');
		expect(check(json, 'problems').message).toMatch(/^1 problem, e\.g\. 1\/b1\/metrics\/loss/);
		expect(json.counts.runs).toBe(1);
	});

	it('warns when MLflow 3.7+ in this folder would log to mlflow.db, not to the store mlwatch shows', () => {
		const dir = tempDir();
		const store = join(dir, 'mlruns');
		// A store whose only experiment folder is not numeric: mlwatch reads it, MLflow 3.7+ ignores it.
		writeExperiment(store, 'imported', experimentMeta('imported', 'imported'));
		const {json} = status(['--json', '--store', store], {cwd: dir});
		const choice = check(json, 'mlflow-default-store');
		expect(choice.status).toBe('warn');
		expect(choice.message).toContain('logs to ./mlflow.db');
		expect(choice.fix).toContain(`MLFLOW_TRACKING_URI=file://${store}`);
	});

	it('warns when ./mlflow.db next to ./mlruns was written after the newest run', () => {
		const {dir} = project([{id: 'c1', name: 'old', status: 3, start: 1700000000000}]);
		writeFileSync(join(dir, 'mlflow.db'), 'SQLite format 3\u0000');
		const {json} = status(['--json'], {cwd: dir});
		const choice = check(json, 'mlflow-default-store');
		expect(choice.status).toBe('warn');
		expect(choice.message).toContain('mlflow.db was written later');
		expect(choice.fix).toContain('sqlite:///mlflow.db');
		// With mlruns newer than the database, both present is fine.
		utimesSync(join(dir, 'mlflow.db'), 1600000000, 1600000000);
		expect(check(status(['--json'], {cwd: dir}).json, 'mlflow-default-store').status).toBe('ok');
	});

	it('says who holds the web UI port', async () => {
		const {dir} = project([]);
		const server: Server = createServer();
		const port = await new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as {port: number}).port)));
		try {
			const {json} = status(['--json', '--port', String(port)], {cwd: dir});
			const entry = check(json, 'port');
			expect(entry.status).toBe('warn');
			expect(entry.message).toContain(`port ${port} is taken (pid ${process.pid}`);
			expect(entry.fix).toMatch(/next free port \(\d+\)/);
		} finally {
			server.close();
		}
	});

	it('shows keys from the store with escape sequences made visible', () => {
		const {dir} = project([{id: 'd1', name: 'x', status: 3, start: 1700000000000, params: {'evil\u001b[31mred': '1'}}]);
		const text = status([], {cwd: dir});
		expect(text.stdout).toContain('evil␛[31mred');
		expect(text.stdout).not.toContain('\u001b[31m');
	});
});
