// Real `mlflow server`s for the tracking-server backend's tests, from the cached venvs
// (mlflow-oracle.ts), on 127.0.0.1 and a free port: over a SQLite database, the same with
// MLflow's basic-auth app, or over a PostgreSQL cluster this helper starts in a temp
// folder (Debian's postgresql 15; run as the postgres user when we are root). The
// scenario (scripts/oracle/scenario.py) is logged into the database before the server
// starts, or through the server itself.
//
// Without Python/MLflow/PostgreSQL the callers skip with the reason, unless
// MLWATCH_REQUIRE_MLFLOW=1, which turns it into a failure (prepareServer throws).

import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {chownSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {mlflowEnv, mlflowVersion, MlflowUnavailable, skipReason, type MlflowVersion} from './mlflow-oracle.js';
import {repoRoot} from './paths.js';

export type Backend = 'sqlite' | 'basic-auth' | 'postgres';

/** Not the shipped default (password1234): MLflow 3.17 refuses to start with that one. */
export const ADMIN = {username: 'admin', password: 'mlwatch-admin-Pw9!'};

export interface MlflowServer {
	version: MlflowVersion;
	/** The release, e.g. "3.17.2". */
	mlflow: string;
	backend: Backend;
	url: string;
	port: number;
	/** What the server reads (sqlite:////…, postgresql://…). */
	backendStoreUri: string;
	/** The server process (leads its own process group). */
	process: ChildProcess;
	log(): string;
	stop(): Promise<void>;
}

const minutes = 60_000;
const scenarioScript = join(repoRoot, 'scripts', 'oracle', 'scenario.py');
const PG_BIN = process.env['MLWATCH_PG_BIN'] || '/usr/lib/postgresql/15/bin';
const cleanups = new Set<() => void>();

// Servers and clusters must not outlive a test worker that ends without afterAll.
process.on('exit', () => {
	for (const cleanup of cleanups) cleanup();
});

function tail(text: string, lines = 30): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** MLflow's environment without the caller's MLFLOW_* settings (they would point elsewhere). */
export function pythonEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, PYTHONDONTWRITEBYTECODE: '1', MLFLOW_ALLOW_FILE_STORE: 'true', NO_COLOR: '1'};
	for (const name of Object.keys(env)) if (name.startsWith('MLFLOW_') && name !== 'MLFLOW_ALLOW_FILE_STORE') delete env[name];
	return {...env, ...extra};
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen({port: 0, host: '127.0.0.1'}, () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

function run(command: string, args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number} = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 5 * minutes);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve(output);
			else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}):\n${tail(output, 40)}`));
		});
	});
}

/** Logs scripts/oracle/scenario.py into a tracking URI (a database or a running server). */
export async function logScenario(version: MlflowVersion, workDir: string, trackingUri: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
	const python = join(mlflowEnv(version), 'bin', 'python');
	await run(python, [scenarioScript, workDir, trackingUri], {env: pythonEnv(env)});
}

// ------------------------------------------------------------------------------- PostgreSQL

export interface PostgresCluster {
	port: number;
	dir: string;
	/** A database URI for `dbname`, created by createDatabase. */
	uri(dbname: string): string;
	createDatabase(dbname: string): Promise<void>;
	stop(): Promise<void>;
	/** Stops the cluster at once (a database going away under a server). */
	pause(): Promise<void>;
	resume(): Promise<void>;
}

function pgCommand(binary: string, args: string[]): [string, string[]] {
	const path = join(PG_BIN, binary);
	// PostgreSQL refuses to run as root.
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

function pg(binary: string, args: string[], timeoutMs = minutes): Promise<string> {
	const [command, argv] = pgCommand(binary, args);
	return run(command, argv, {timeoutMs});
}

export function postgresMissing(): string | undefined {
	if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl'))) return `PostgreSQL is not installed (no ${PG_BIN}/initdb; apt-get install postgresql)`;
	if (process.getuid?.() === 0 && spawnSync('id', ['postgres'], {stdio: 'ignore'}).status !== 0) return 'there is no postgres user to run PostgreSQL as';
	return undefined;
}

export async function startPostgres(): Promise<PostgresCluster> {
	const missing = postgresMissing();
	if (missing) throw new MlflowUnavailable(missing);
	const dir = mkdtempSync(join(tmpdir(), 'mlwatch-pg-'));
	if (process.getuid?.() === 0) {
		const ids = spawnSync('id', ['-u', 'postgres'], {encoding: 'utf8'});
		const gids = spawnSync('id', ['-g', 'postgres'], {encoding: 'utf8'});
		chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
	}
	const data = join(dir, 'data');
	const port = await freePort();
	await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
	const start = () => pg('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', '-t', '60', '-l', join(dir, 'log'), 'start']);
	await start();
	const stopSync = () => {
		const [command, argv] = pgCommand('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
		spawnSync(command, argv, {stdio: 'ignore', timeout: 30_000});
		rmSync(dir, {recursive: true, force: true});
	};
	cleanups.add(stopSync);
	return {
		port,
		dir,
		// SQLAlchemy 2.1 (MLflow 3.17's) reads postgresql:// with psycopg 3; the venvs have psycopg2.
		uri: (dbname) => `postgresql+psycopg2://postgres@127.0.0.1:${port}/${dbname}`,
		createDatabase: async (dbname) => {
			await pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', dbname]);
		},
		pause: async () => {
			await pg('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
		},
		resume: async () => {
			await start();
		},
		stop: async () => {
			cleanups.delete(stopSync);
			await pg('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => '');
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

// ----------------------------------------------------------------------------------- servers

export interface ServerOptions {
	backendStoreUri: string;
	/** Where the server runs (and keeps mlartifacts/, basic_auth.db). */
	dir: string;
	appName?: 'basic-auth';
	/** Extra `mlflow server` arguments. */
	args?: string[];
	env?: NodeJS.ProcessEnv;
	readyTimeoutMs?: number;
	/** Serves HTTPS (given in `args`): ready once the log says it listens, not by GET /health. */
	https?: boolean;
}

async function healthy(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/health`, {signal: AbortSignal.timeout(2000)});
		return response.ok && (await response.text()).trim() === 'OK';
	} catch {
		return false;
	}
}

/** `mlflow server` from the venv of `version`, on a free port; resolves once /health says OK. */
export async function startMlflowServer(version: MlflowVersion, backend: Backend, options: ServerOptions): Promise<MlflowServer> {
	const venv = mlflowEnv(version);
	const port = await freePort();
	const url = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`;
	// 3.15+ start a background job runner (several processes) these tests do not need.
	const env: NodeJS.ProcessEnv = pythonEnv({PYTHONUNBUFFERED: '1', MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false', ...options.env});
	if (options.appName === 'basic-auth') {
		const config = join(options.dir, 'basic_auth.ini');
		writeFileSync(
			config,
			`[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///${join(options.dir, 'basic_auth.db')}\nadmin_username = ${ADMIN.username}\nadmin_password = ${ADMIN.password}\nauthorization_function = mlflow.server.auth:authenticate_request_basic_auth\n`,
		);
		env['MLFLOW_AUTH_CONFIG_PATH'] = config;
		env['MLFLOW_FLASK_SERVER_SECRET_KEY'] = 'mlwatch-test-secret';
	}
	const args = [
		'server',
		'--backend-store-uri',
		options.backendStoreUri,
		'--host',
		'127.0.0.1',
		'--port',
		String(port),
		'--workers',
		'1',
		'--artifacts-destination',
		join(options.dir, 'mlartifacts'),
		...(options.appName ? ['--app-name', options.appName] : []),
		...(options.args ?? []),
	];
	const child = spawn(join(venv, 'bin', 'mlflow'), args, {cwd: options.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
	let log = '';
	child.stdout!.on('data', (chunk) => (log += chunk));
	child.stderr!.on('data', (chunk) => (log += chunk));
	let exited = false;
	const gone = new Promise<void>((done) => child.on('close', () => ((exited = true), done())));
	const killGroup = (signal: NodeJS.Signals) => {
		try {
			process.kill(-child.pid!, signal);
		} catch {
			// already gone
		}
	};
	const killSync = () => killGroup('SIGKILL');
	cleanups.add(killSync);
	const stop = async () => {
		cleanups.delete(killSync);
		if (!exited) {
			killGroup('SIGTERM');
			await Promise.race([gone, new Promise((done) => setTimeout(done, 10_000))]);
			killGroup('SIGKILL');
			await Promise.race([gone, new Promise((done) => setTimeout(done, 5000))]);
		}
	};
	const deadline = Date.now() + (options.readyTimeoutMs ?? 3 * minutes);
	const listening = () => /Listening at: https?:\/\/127\.0\.0\.1|Uvicorn running on https?:\/\/127\.0\.0\.1/.test(log);
	while (!(options.https ? listening() : await healthy(url))) {
		if (exited || Date.now() > deadline) {
			await stop();
			throw new Error(`mlflow server (${version}, ${backend}) ${exited ? 'exited' : 'did not answer /health'}:\n${tail(log, 40)}`);
		}
		await new Promise((done) => setTimeout(done, 250));
	}
	return {version, mlflow: mlflowVersion(version), backend, url, port, backendStoreUri: options.backendStoreUri, process: child, log: () => log, stop};
}

/** A user of the basic-auth app, created by the admin through the server's API. */
export async function createUser(server: MlflowServer, username: string, password: string): Promise<void> {
	const response = await fetch(`${server.url}/api/2.0/mlflow/users/create`, {
		method: 'POST',
		headers: {'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`},
		body: JSON.stringify({username, password}),
	});
	if (!response.ok) throw new Error(`creating user ${username}: ${response.status} ${await response.text()}`);
}

export interface ServerScenario {
	server: MlflowServer;
	/** The temp folder holding the database, artifacts and logs. */
	dir: string;
	/** For basic-auth: a READ user created through the API. */
	user?: {username: string; password: string};
	postgres?: PostgresCluster;
	stop(): Promise<void>;
}

export type Prepared = {available: true; scenario: ServerScenario} | {available: false; reason: string};

const scenarioDbs = new Map<MlflowVersion, Promise<{dir: string; db: string}>>();

/** The scenario logged into a SQLite database once per version (copies are served). */
function scenarioDb(version: MlflowVersion): Promise<{dir: string; db: string}> {
	let pending = scenarioDbs.get(version);
	if (!pending) {
		pending = (async () => {
			const dir = mkdtempSync(join(tmpdir(), `mlwatch-server-${version}-`));
			cleanups.add(() => rmSync(dir, {recursive: true, force: true}));
			const db = join(dir, 'mlflow.db');
			await logScenario(version, join(dir, 'work'), `sqlite:///${db}`);
			return {dir, db};
		})();
		scenarioDbs.set(version, pending);
	}
	return pending;
}

/**
 * A server holding the scenario: `sqlite` and `basic-auth` serve a copy of a SQLite database
 * the scenario was logged into; `postgres` a fresh database it was logged into.
 */
export async function prepareServer(version: MlflowVersion, backend: Backend): Promise<Prepared> {
	try {
		if (backend === 'postgres') {
			const missing = postgresMissing();
			if (missing) throw new MlflowUnavailable(missing);
		}
		mlflowEnv(version);
	} catch (error) {
		return {available: false, reason: skipReason(`${backend} server with MLflow ${version}`, error)};
	}
	const dir = mkdtempSync(join(tmpdir(), `mlwatch-srv-${backend}-`));
	let postgres: PostgresCluster | undefined;
	let server: MlflowServer | undefined;
	try {
		let backendStoreUri: string;
		if (backend === 'postgres') {
			postgres = await startPostgres();
			await postgres.createDatabase('mlflow');
			backendStoreUri = postgres.uri('mlflow');
			// Into the database, not through the server: MLflow 3.17's server refuses the scenario's
			// registration of a model version from an mlflow-artifacts: source.
			await logScenario(version, join(dir, 'work'), backendStoreUri);
		} else {
			const source = await scenarioDb(version);
			const db = join(dir, 'mlflow.db');
			copyFileSync(source.db, db);
			backendStoreUri = `sqlite:///${db}`;
		}
		server = await startMlflowServer(version, backend, {backendStoreUri, dir, ...(backend === 'basic-auth' ? {appName: 'basic-auth' as const} : {})});
		const started = server;
		let user: {username: string; password: string} | undefined;
		if (backend === 'basic-auth') {
			user = {username: 'reader', password: 'pw-Zq7#reader-secret'};
			await createUser(server, user.username, user.password);
		}
		const cluster = postgres;
		const scenario: ServerScenario = {
			server: started,
			dir,
			...(user ? {user} : {}),
			...(cluster ? {postgres: cluster} : {}),
			stop: async () => {
				await started.stop();
				await cluster?.stop();
				rmSync(dir, {recursive: true, force: true});
			},
		};
		return {available: true, scenario};
	} catch (error) {
		// Nothing half-started is left running (a test worker may end without 'exit').
		await server?.stop();
		await postgres?.stop();
		rmSync(dir, {recursive: true, force: true});
		throw error;
	}
}

/** Removes the scenario databases of this process. */
export function removeServerScenarios(): void {
	for (const pending of scenarioDbs.values()) void pending.then(({dir}) => rmSync(dir, {recursive: true, force: true}), () => {});
	scenarioDbs.clear();
}

// ----------------------------------------------------------------------------- live writer

export interface LiveWriter {
	call<T = any>(op: string, args?: Record<string, unknown>): Promise<T>;
	close(): Promise<void>;
}

const WRITER = String.raw`
import json, logging, os, sys, warnings
warnings.simplefilter("ignore")
# MLflow prints to stdout ("View run ..."); the answers get a stream of their own.
answers = sys.stdout
sys.stdout = sys.stderr
from mlflow.tracking import MlflowClient
from mlflow.entities import Metric
logging.getLogger("mlflow").setLevel(logging.ERROR)
client = MlflowClient(tracking_uri=sys.argv[1])
for line in sys.stdin:
    request = json.loads(line)
    op, args = request["op"], request.get("args", {})
    try:
        if op == "create_experiment":
            answer = {"experiment_id": client.create_experiment(args["name"])}
        elif op == "create_run":
            run = client.create_run(args["experiment_id"], run_name=args["name"])
            answer = {"run_id": run.info.run_id}
        elif op == "log_metric":
            client.log_metric(args["run_id"], args["key"], args["value"], step=args.get("step", 0), timestamp=args.get("timestamp"))
            answer = {}
        elif op == "log_batch":
            client.log_batch(args["run_id"], metrics=[Metric(m["key"], m["value"], m["timestamp"], m["step"]) for m in args["metrics"]])
            answer = {}
        elif op == "set_tag":
            client.set_tag(args["run_id"], args["key"], args["value"])
            answer = {}
        elif op == "end_run":
            client.set_terminated(args["run_id"], args.get("status", "FINISHED"))
            answer = {}
        elif op == "log_text":
            client.log_text(args["run_id"], args["text"], args["path"])
            answer = {"artifact_uri": client.get_run(args["run_id"]).info.artifact_uri}
        elif op == "delete_run":
            client.delete_run(args["run_id"])
            answer = {}
        else:
            raise ValueError("unknown op " + op)
        print(json.dumps({"ok": answer}), file=answers, flush=True)
    except Exception as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), file=answers, flush=True)
`;

/** MLflow's own client in a Python process, writing to `trackingUri` on request. */
export function liveWriter(version: MlflowVersion, trackingUri: string, env: NodeJS.ProcessEnv = {}): LiveWriter {
	const python = join(mlflowEnv(version), 'bin', 'python');
	// The artifact client of MLflow 3.1 reads the tracking URI from the environment, not the client.
	const child = spawn(python, ['-c', WRITER, trackingUri], {env: pythonEnv({MLFLOW_TRACKING_URI: trackingUri, ...env}), stdio: ['pipe', 'pipe', 'pipe']});
	let buffer = '';
	let errors = '';
	const waiting: Array<{resolve: (value: any) => void; reject: (error: Error) => void}> = [];
	child.stderr.on('data', (chunk) => (errors += chunk));
	child.stdout.on('data', (chunk) => {
		buffer += chunk;
		let newline: number;
		while ((newline = buffer.indexOf('\n')) >= 0) {
			const line = buffer.slice(0, newline);
			buffer = buffer.slice(newline + 1);
			const next = waiting.shift();
			if (!next) continue;
			const answer = JSON.parse(line) as {ok?: unknown; error?: string};
			if (answer.error) next.reject(new Error(answer.error));
			else next.resolve(answer.ok);
		}
	});
	child.on('close', () => {
		for (const next of waiting.splice(0)) next.reject(new Error(`the MLflow writer exited:\n${tail(errors)}`));
	});
	const kill = () => child.kill('SIGKILL');
	cleanups.add(kill);
	return {
		call: (op, args = {}) =>
			new Promise((resolve, reject) => {
				waiting.push({resolve, reject});
				child.stdin.write(JSON.stringify({op, args}) + '\n');
			}),
		close: async () => {
			cleanups.delete(kill);
			child.stdin.end();
			await new Promise((done) => {
				if (child.exitCode !== null) return done(undefined);
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				child.on('close', () => {
					clearTimeout(timer);
					done(undefined);
				});
			});
		},
	};
}
