// Real MLflow as the oracle: a cached venv per MLflow version (scripts/mlflow-env.sh), a scenario
// store written by that MLflow (scripts/oracle/scenario.py) and MLflow's own answers for it in
// the REST API's JSON shapes (scripts/oracle/dump.py).
//
// Without python3 or PyPI the oracle tests skip with the reason, unless MLWATCH_REQUIRE_MLFLOW=1,
// which turns every such problem into a failure (CI sets it).
//
// MLWATCH_MLFLOW_LATEST=X.Y.Z pins what 'latest' means. Otherwise 'latest' is what
// `mlflow-env.sh latest` resolves; if that release cannot be installed (seen: mlflow 3.18.0 on
// PyPI before its mlflow-skinny 3.18.0 was), the next older 3.x releases are tried (at most 3),
// and `mlflowVersion('latest')` tells which one was used.

import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {repoRoot} from './paths.js';

export type MlflowVersion = '3.1.4' | 'latest';

/** MLWATCH_REQUIRE_MLFLOW=1: a missing python3/PyPI/MLflow fails the tests instead of skipping them. */
export const mlflowRequired = process.env['MLWATCH_REQUIRE_MLFLOW'] === '1';

/** Thrown when the oracle cannot be set up on this machine (no python3, no PyPI, install failed). */
export class MlflowUnavailable extends Error {
	override name = 'MlflowUnavailable';
}

/** Why `what` cannot be had here, for a skip; any other failure (or any at all with MLWATCH_REQUIRE_MLFLOW=1) is thrown. */
export function skipReason(what: string, error: unknown): string {
	if (error instanceof MlflowUnavailable && !mlflowRequired) return `${what} unavailable (set MLWATCH_REQUIRE_MLFLOW=1 to fail instead): ${error.message}`;
	throw error;
}

/** Why MLflow `version` cannot be had here (undefined: it can). */
export function mlflowMissing(version: MlflowVersion): string | undefined {
	try {
		mlflowEnv(version);
		return undefined;
	} catch (error) {
		return skipReason(`MLflow ${version}`, error);
	}
}

const envScript = join(repoRoot, 'scripts', 'mlflow-env.sh');
const scenarioScript = join(repoRoot, 'scripts', 'oracle', 'scenario.py');
const dumpScript = join(repoRoot, 'scripts', 'oracle', 'dump.py');
const envCache = new Map<MlflowVersion, string>();
const scenarioCache = new Map<MlflowVersion, Promise<string>>();
const scenarioDirs: string[] = [];
const minutes = 60_000;

function cacheDir(): string {
	const xdg = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
	return process.env['MLWATCH_CACHE'] || join(xdg, 'mlwatch');
}

function tail(text: string | null | undefined, lines = 15): string {
	return (text ?? '').trimEnd().split('\n').slice(-lines).join('\n');
}

function pythonCommand(): string {
	return process.env['MLWATCH_PYTHON'] || 'python3';
}

function runEnvScript(version: string): {ok: true; dir: string} | {ok: false; why: string} {
	const result = spawnSync('bash', [envScript, version], {encoding: 'utf8', timeout: 30 * minutes, maxBuffer: 64 * 1024 * 1024});
	if (result.error) return {ok: false, why: String(result.error)};
	const dir = result.stdout.trim().split('\n').pop() ?? '';
	if (result.status !== 0 || !dir) return {ok: false, why: `scripts/mlflow-env.sh ${version} exited ${result.status}:\n${tail(result.stderr)}`};
	if (!existsSync(join(dir, 'bin', 'python'))) return {ok: false, why: `scripts/mlflow-env.sh ${version} printed ${dir}, which has no bin/python`};
	return {ok: true, dir};
}

function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

/** Released MLflow 3.x versions on PyPI, newest first (empty when pip cannot tell). */
function released3x(): string[] {
	const result = spawnSync(pythonCommand(), ['-m', 'pip', 'index', 'versions', 'mlflow'], {encoding: 'utf8', timeout: 5 * minutes});
	const line = /Available versions: (.*)/.exec(result.stdout ?? '')?.[1] ?? '';
	return line
		.split(',')
		.map((v) => v.trim())
		.filter((v) => /^3\.\d+\.\d+$/.test(v))
		.sort((a, b) => compareVersions(b, a));
}

/**
 * The venv holding real MLflow `version`, created by scripts/mlflow-env.sh on first use (minutes)
 * and cached outside the checkout. Throws MlflowUnavailable when that is impossible here.
 */
export function mlflowEnv(version: MlflowVersion): string {
	const cached = envCache.get(version);
	if (cached) return cached;
	const python = spawnSync(pythonCommand(), ['--version'], {encoding: 'utf8'});
	if (python.error || python.status !== 0) throw new MlflowUnavailable(`${pythonCommand()} is not available (${python.error ?? tail(python.stderr)}); the MLflow oracle needs Python 3 and PyPI`);

	const pinned = version === 'latest' ? process.env['MLWATCH_MLFLOW_LATEST'] : undefined;
	const first = runEnvScript(pinned || version);
	if (first.ok) {
		envCache.set(version, first.dir);
		return first.dir;
	}
	if (version !== 'latest' || pinned) throw new MlflowUnavailable(first.why);

	// The newest release may not be installable yet (a half-published release); step down.
	const stamp = join(cacheDir(), 'latest-version');
	const failed = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
	const older = released3x().filter((v) => !failed || compareVersions(v, failed) < 0);
	const reasons = [first.why];
	for (const candidate of older.slice(0, 3)) {
		const attempt = runEnvScript(candidate);
		if (attempt.ok) {
			process.stderr.write(`mlflow-oracle: MLflow ${failed || 'latest'} cannot be installed; using ${candidate} as the newest 3.x\n`);
			envCache.set(version, attempt.dir);
			return attempt.dir;
		}
		reasons.push(attempt.why);
	}
	throw new MlflowUnavailable(`cannot install the newest MLflow 3.x:\n${reasons.join('\n')}`);
}

/** The MLflow release behind `version` ('latest' resolved), e.g. "3.17.2". */
export function mlflowVersion(version: MlflowVersion): string {
	return basename(mlflowEnv(version)).replace(/^mlflow-/, '');
}

function pythonOf(version: MlflowVersion): string {
	return join(mlflowEnv(version), 'bin', 'python');
}

function pythonEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, MLFLOW_ALLOW_FILE_STORE: 'true', PYTHONDONTWRITEBYTECODE: '1'};
	for (const name of Object.keys(env)) if (name.startsWith('MLFLOW_') && name !== 'MLFLOW_ALLOW_FILE_STORE') delete env[name];
	return env;
}

/**
 * The scenario store written by real MLflow `version`: created once per version per test
 * process in a temp dir; `removeScenarios()` deletes them.
 */
export function writeScenario(version: MlflowVersion): Promise<string> {
	let pending = scenarioCache.get(version);
	if (!pending) {
		pending = new Promise<string>((resolve, reject) => {
			let python: string;
			try {
				python = pythonOf(version);
			} catch (error) {
				reject(error);
				return;
			}
			const dir = mkdtempSync(join(tmpdir(), `mlwatch-oracle-${version}-`));
			scenarioDirs.push(dir);
			const store = join(dir, 'mlruns');
			const child = spawn(python, [scenarioScript, store], {cwd: dir, env: pythonEnv(), stdio: ['ignore', 'pipe', 'pipe']});
			let output = '';
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
			const timer = setTimeout(() => child.kill('SIGKILL'), 5 * minutes);
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				if (code === 0 && existsSync(join(store, '0'))) resolve(store);
				else reject(new Error(`scenario.py (MLflow ${version}) failed (${signal ?? code}):\n${tail(output, 40)}`));
			});
		});
		scenarioCache.set(version, pending);
	}
	return pending;
}

/** Removes the scenario stores of this process (call from afterAll; MLWATCH_ORACLE_KEEP=1 keeps them). */
export function removeScenarios(): void {
	if (process.env['MLWATCH_ORACLE_KEEP'] === '1') {
		if (scenarioDirs.length > 0) process.stderr.write(`mlflow-oracle: kept ${scenarioDirs.join(', ')}\n`);
		return;
	}
	for (const dir of scenarioDirs.splice(0)) rmSync(dir, {recursive: true, force: true});
	scenarioCache.clear();
}

// A fallback only: test workers are often ended without an 'exit' event.
process.on('exit', removeScenarios);

/** MLflow's answer to one query (`dump.py STORE WHAT ...args`), e.g. ['runs', '--all']. */
export function dumpMlflow(version: MlflowVersion, storeDir: string, args: string[]): any {
	const result = spawnSync(pythonOf(version), [dumpScript, storeDir, ...args], {encoding: 'utf8', env: pythonEnv(), timeout: 5 * minutes, maxBuffer: 256 * 1024 * 1024});
	if (result.status !== 0) throw new Error(`dump.py ${args.join(' ')} (MLflow ${version}) exited ${result.status ?? result.signal}:\n${tail(result.stderr, 40)}`);
	return JSON.parse(result.stdout);
}

/**
 * MLflow's answers to many queries at once (one Python process, one copy of the store). A query
 * MLflow rejects answers {error_code, message} instead of failing the batch.
 */
export function dumpMlflowBatch(version: MlflowVersion, storeDir: string, queries: string[][]): any[] {
	const result = spawnSync(pythonOf(version), [dumpScript, storeDir, 'batch'], {input: JSON.stringify(queries), encoding: 'utf8', env: pythonEnv(), timeout: 10 * minutes, maxBuffer: 512 * 1024 * 1024});
	if (result.status !== 0) throw new Error(`dump.py batch (MLflow ${version}) exited ${result.status ?? result.signal}:\n${tail(result.stderr, 40)}`);
	const answers = JSON.parse(result.stdout) as any[];
	if (answers.length !== queries.length) throw new Error(`dump.py batch answered ${answers.length} of ${queries.length} queries`);
	return answers;
}

/**
 * Runs mlflow-env.sh without blocking the event loop, so a first-time venv creation (minutes)
 * does not freeze the test worker; mlflowEnv then finds the venv ready. Failures are left to
 * mlflowEnv, which reports them (and handles 'latest' falling back to an older release).
 */
function warmEnv(version: MlflowVersion): Promise<void> {
	if (envCache.has(version)) return Promise.resolve();
	const wanted = (version === 'latest' ? process.env['MLWATCH_MLFLOW_LATEST'] : undefined) || version;
	return new Promise((resolve) => {
		const child = spawn('bash', [envScript, wanted], {stdio: 'ignore'});
		const timer = setTimeout(() => child.kill('SIGKILL'), 30 * minutes);
		const done = () => {
			clearTimeout(timer);
			resolve();
		};
		child.on('error', done);
		child.on('close', done);
	});
}

export type Oracle = {available: true; venv: string; mlflow: string; store: string} | {available: false; reason: string};

/**
 * Everything a test needs for `version`, or why it is not available here. With
 * MLWATCH_REQUIRE_MLFLOW=1 an unavailable oracle throws instead.
 */
export async function prepareOracle(version: MlflowVersion): Promise<Oracle> {
	try {
		await warmEnv(version);
		const venv = mlflowEnv(version);
		const store = await writeScenario(version);
		return {available: true, venv, mlflow: mlflowVersion(version), store};
	} catch (error) {
		return {available: false, reason: skipReason(`MLflow ${version} oracle`, error)};
	}
}

// --------------------------------------------------------------------------------- normalise

const byKey = (a: any, b: any) => compareStrings(String(a?.key), String(b?.key));

function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function stableJson(value: unknown): string {
	return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
		return out;
	}
	return value;
}

/** How to order the lists whose order MLflow leaves unspecified (file-system listing order). */
function orderFor(field: string, parentField: string | undefined): ((a: any, b: any) => number) | undefined {
	switch (field) {
		case 'tags': // experiment, run, dataset-input, registered-model and model-version tags
		case 'params': // run and logged-model params
			return byKey;
		case 'metrics':
			// The latest values inside a run's (or logged model's) data; NOT a metric history,
			// which keeps file order.
			return parentField === 'data' ? (a, b) => byKey(a, b) || compareStrings(stableJson(a), stableJson(b)) : undefined;
		case 'dataset_inputs':
			return (a, b) => compareStrings(stableJson(a), stableJson(b));
		case 'model_inputs':
			return (a, b) => compareStrings(String(a?.model_id), String(b?.model_id));
		case 'model_outputs':
			return (a, b) => compareStrings(String(a?.model_id), String(b?.model_id)) || Number(a?.step) - Number(b?.step);
		case 'latest_versions':
		case 'versions':
			return (a, b) => Number(a?.version) - Number(b?.version);
		case 'aliases':
			// registered model: [{alias, version}]; model version: ["alias", ...]
			return (a, b) => compareStrings(typeof a === 'string' ? a : String(a?.alias), typeof b === 'string' ? b : String(b?.alias));
		default:
			return undefined;
	}
}

/**
 * The only normalisation the oracle tests allow: object keys in sorted order, and the lists
 * MLflow leaves unordered (params, tags and latest metrics of a run; dataset inputs; model
 * inputs/outputs; registered-model latest_versions, aliases, tags) sorted by a stable key.
 * Nothing is dropped or rewritten.
 */
export function normalise(json: any): any {
	const visit = (value: any, field: string | undefined, parentField: string | undefined): any => {
		if (Array.isArray(value)) {
			const items = value.map((item) => visit(item, undefined, field));
			const order = field ? orderFor(field, parentField) : undefined;
			return order ? [...items].sort(order) : items;
		}
		if (value && typeof value === 'object') {
			const out: Record<string, any> = {};
			for (const key of Object.keys(value).sort()) out[key] = visit(value[key], key, field);
			return out;
		}
		return value;
	};
	return visit(json, undefined, undefined);
}

/**
 * Field-level differences between `got` and `expected`, as "path: expected X, got Y" lines; at
 * most 200 (MLWATCH_ORACLE_DIFF_LIMIT=N for more).
 */
export function jsonDiff(got: any, expected: any, path = '$', out: string[] = [], limit = Number(process.env['MLWATCH_ORACLE_DIFF_LIMIT']) || 200): string[] {
	if (out.length >= limit) return out;
	const show = (v: any) => (v === undefined ? '(absent)' : JSON.stringify(v)?.slice(0, 300));
	if (Array.isArray(expected) && Array.isArray(got)) {
		if (got.length !== expected.length) out.push(`${path}: expected ${expected.length} items, got ${got.length}`);
		for (let i = 0; i < Math.max(got.length, expected.length); i++) jsonDiff(got[i], expected[i], `${path}[${i}]`, out, limit);
		return out;
	}
	if (expected && got && typeof expected === 'object' && typeof got === 'object' && !Array.isArray(expected) && !Array.isArray(got)) {
		for (const key of new Set([...Object.keys(expected), ...Object.keys(got)])) {
			const sub = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
			jsonDiff(got[key], expected[key], sub, out, limit);
		}
		return out;
	}
	if (!Object.is(got, expected)) out.push(`${path}: expected ${show(expected)}, got ${show(got)}`);
	return out;
}
