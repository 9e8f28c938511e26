// SQLite stores written by REAL MLflow for the SQLite backend's tests: the oracle scenario
// (scripts/oracle/scenario.py) logged into mlflow.db, and a writer process that logs into a
// database on command (mlflow-writer.py), answering once each write is committed.

import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {mlflowEnv, MlflowUnavailable, mlflowVersion, skipReason, type MlflowVersion} from '../../helpers/mlflow-oracle.js';
import {repoRoot} from '../../helpers/paths.js';

const minutes = 60_000;
const here = dirname(fileURLToPath(import.meta.url));
const writerScript = join(here, 'mlflow-writer.py');
const scenarioScript = join(repoRoot, 'scripts', 'oracle', 'scenario.py');
const made: string[] = [];
const scenarios = new Map<string, Promise<string>>();

/** What MLflow's Python sees: no MLFLOW_* from the test's environment. */
export function pythonEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, PYTHONDONTWRITEBYTECODE: '1', GIT_PYTHON_REFRESH: 'quiet'};
	for (const name of Object.keys(env)) if (name.startsWith('MLFLOW_')) delete env[name];
	return env;
}

/** The venv's python for an MLflow version ('3.1.4', 'latest' or any release mlflow-env.sh installs). */
export function pythonFor(version: string): string {
	return join(version === '3.1.4' || version === 'latest' ? mlflowEnv(version as MlflowVersion) : envOf(version), 'bin', 'python');
}

function envOf(version: string): string {
	// Older releases: the same cached environments, made by the same script.
	const result = spawnSync('bash', [join(repoRoot, 'scripts', 'mlflow-env.sh'), version], {encoding: 'utf8', timeout: 30 * minutes});
	const dir = result.stdout?.trim().split('\n').pop();
	if (result.status !== 0 || !dir || !existsSync(join(dir, 'bin', 'python'))) {
		throw new MlflowUnavailable(`scripts/mlflow-env.sh ${version} failed:\n${(result.stderr ?? '').trimEnd().split('\n').slice(-15).join('\n')}`);
	}
	return dir;
}

/** A temporary folder removed by removeSqliteFixtures (MLWATCH_ORACLE_KEEP=1 keeps it). */
export function tempDir(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	made.push(dir);
	return dir;
}

export function removeSqliteFixtures(): void {
	if (process.env['MLWATCH_ORACLE_KEEP'] === '1') {
		if (made.length > 0) process.stderr.write(`sqlite-fixtures: kept ${made.join(', ')}\n`);
		return;
	}
	for (const dir of made.splice(0)) rmSync(dir, {recursive: true, force: true});
	scenarios.clear();
}

process.on('exit', removeSqliteFixtures);

function run(python: string, args: string[], cwd: string, timeoutMs = 5 * minutes): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(python, args, {cwd, env: pythonEnv(), stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else reject(new Error(`${args.join(' ')} failed (${signal ?? code}):\n${output.trimEnd().split('\n').slice(-40).join('\n')}`));
		});
	});
}

/** The oracle scenario logged by real MLflow `version` into <tmp>/mlflow.db (artifacts in <tmp>/mlruns); once per process. */
export function writeSqliteScenario(version: MlflowVersion): Promise<string> {
	let pending = scenarios.get(version);
	if (!pending) {
		pending = (async () => {
			const python = pythonFor(version);
			const dir = tempDir(`mlwatch-sqlite-${version}-`);
			const out = join(dir, 'project');
			const db = join(out, 'mlflow.db');
			await run(python, [scenarioScript, out, `sqlite:///${db}`], dir);
			if (!existsSync(db)) throw new Error(`scenario.py (MLflow ${version}) wrote no ${db}`);
			return db;
		})();
		scenarios.set(version, pending);
	}
	return pending;
}

export type SqliteOracle = {available: true; mlflow: string; db: string} | {available: false; reason: string};

/** The scenario database for `version`, or why MLflow is not available (a failure with MLWATCH_REQUIRE_MLFLOW=1). */
export async function prepareSqliteOracle(version: MlflowVersion): Promise<SqliteOracle> {
	try {
		const db = await writeSqliteScenario(version);
		return {available: true, mlflow: mlflowVersion(version), db};
	} catch (error) {
		return {available: false, reason: skipReason(`MLflow ${version}`, error)};
	}
}

export interface WriterAnswer {
	ok: boolean;
	error?: string;
	experiment_id?: string;
	run_id?: string;
}

/** Real MLflow writing into `uri` on command; each command resolves once MLflow has committed it. */
export class MlflowWriter {
	private readonly child: ChildProcessWithoutNullStreams;
	private readonly waiting: Array<(answer: WriterAnswer) => void> = [];
	private stderr = '';
	private exited = false;

	private constructor(python: string, uri: string, cwd: string) {
		this.child = spawn(python, [writerScript, uri], {cwd, env: pythonEnv()});
		createInterface({input: this.child.stdout}).on('line', (line) => {
			const next = this.waiting.shift();
			let answer: WriterAnswer;
			try {
				answer = JSON.parse(line) as WriterAnswer;
			} catch {
				answer = {ok: false, error: `not JSON: ${line}`};
			}
			next?.(answer);
		});
		this.child.stderr.on('data', (chunk) => (this.stderr += chunk));
		this.child.on('close', () => {
			this.exited = true;
			for (const next of this.waiting.splice(0)) next({ok: false, error: `mlflow-writer.py exited:\n${this.stderr.slice(-3000)}`});
		});
	}

	/** Starts the writer and waits until MLflow has the store open (a new database is created then). */
	static async start(version: MlflowVersion, uri: string, cwd: string): Promise<MlflowWriter> {
		const writer = new MlflowWriter(pythonFor(version), uri, cwd);
		const ready = await writer.next(120_000);
		if (!ready.ok) throw new Error(`mlflow-writer.py did not start: ${ready.error}`);
		return writer;
	}

	private next(timeoutMs: number): Promise<WriterAnswer> {
		return new Promise((resolve) => {
			if (this.exited) {
				resolve({ok: false, error: `mlflow-writer.py exited:\n${this.stderr.slice(-3000)}`});
				return;
			}
			const timer = setTimeout(() => resolve({ok: false, error: `no answer within ${timeoutMs} ms:\n${this.stderr.slice(-3000)}`}), timeoutMs);
			this.waiting.push((answer) => {
				clearTimeout(timer);
				resolve(answer);
			});
		});
	}

	async send(command: Record<string, unknown>): Promise<WriterAnswer> {
		const answer = this.next(60_000);
		this.child.stdin.write(JSON.stringify(command) + '\n');
		const result = await answer;
		if (!result.ok) throw new Error(`mlflow-writer.py ${JSON.stringify(command)}: ${result.error}`);
		return result;
	}

	async close(): Promise<void> {
		if (this.exited) return;
		const gone = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
		this.child.stdin.end(JSON.stringify({op: 'quit'}) + '\n');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
		await gone;
		clearTimeout(timer);
	}
}

export const DOUBLE_MAX = 1.7976931348623157e308;

function major(version: string): number {
	return Number(version.split('.')[0]);
}

/**
 * mlwatch's JSON as MLflow's SQL store spells it (`command` is runs, run, history or models;
 * `mlflow` the release answering). Exactly the known differences, where mlwatch answers as
 * MLflow's file store does (docs/mlflow-quirks.md, "SQLite store"):
 *   * ±Infinity is reported as the stored ±1.7976931348623157e308;
 *   * metrics carry no run_id;
 *   * search results hold no model inputs, and in 3.1 and older no outputs (get_run has them);
 *   * 2.x has no run outputs, and releases before 2.4 no run inputs either;
 *   * latest_versions of a registered model carry no aliases.
 */
export function asMlflowSql(answer: any, command: string, mlflow: string): any {
	const copy = JSON.parse(JSON.stringify(answer));
	const noOutputs = major(mlflow) < 3 || mlflow.startsWith('3.0.') || mlflow.startsWith('3.1.');
	const metric = (m: any) => {
		delete m.run_id;
		if (m.value === 'Infinity') m.value = DOUBLE_MAX;
		if (m.value === '-Infinity') m.value = -DOUBLE_MAX;
	};
	const run = (r: any, searched: boolean) => {
		for (const m of r.data?.metrics ?? []) metric(m);
		if (major(mlflow) < 3) delete r.outputs;
		if (major(mlflow) < 2 || (major(mlflow) === 2 && Number(mlflow.split('.')[1]) < 4)) delete r.inputs;
		if (!searched) return;
		if (r.inputs) delete r.inputs.model_inputs;
		if (noOutputs) delete r.outputs;
	};
	if (command === 'runs') for (const r of copy.runs ?? []) run(r, true);
	if (command === 'run' && copy.run) run(copy.run, false);
	if (command === 'history') for (const m of copy.metrics ?? []) metric(m);
	if (command === 'models') for (const model of copy.registered_models ?? []) for (const version of model.latest_versions ?? []) delete version.aliases;
	return copy;
}

/** scripts/oracle/dump.py's answers through any MLflow's python (a rejected query answers {error_code, message}). */
export function dumpBatch(python: string, store: string, queries: string[][]): any[] {
	const result = spawnSync(python, [join(repoRoot, 'scripts', 'oracle', 'dump.py'), store, 'batch'], {input: JSON.stringify(queries), encoding: 'utf8', env: pythonEnv(), timeout: 10 * minutes, maxBuffer: 256 * 1024 * 1024});
	if (result.status !== 0) throw new Error(`dump.py batch exited ${result.status ?? result.signal}:\n${(result.stderr ?? '').slice(-3000)}`);
	return JSON.parse(result.stdout) as any[];
}
