// Starts MLflow's own web UI on a store and owns it until stopped. The server runs in its
// own process group, led by the reaper (reaper-script.ts), so stopping it means signalling
// one group, and nothing it started can outlive mlwatch.

import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {shellQuote} from '../health/shell-quote.js';
import {findFreePort} from './free-port.js';
import {LogBuffer} from './log-buffer.js';
import {REAPER_SCRIPT} from './reaper-script.js';
import {browseHost, webUiUrl} from './ssh-hint.js';

export type WebUiState = 'starting' | 'ready' | 'failed' | 'stopping' | 'stopped';

export interface WebUiOptions {
	/** The `mlflow` executable (see find-mlflow.ts). */
	mlflowPath: string;
	/** The store as MLflow names it (file:///…/mlruns, sqlite:////…/mlflow.db): the store's description.uri. */
	backendStoreUri: string;
	host?: string;
	/** First port to try; the first free one from here upward is used. */
	port?: number;
	env?: NodeJS.ProcessEnv;
	/** How long to wait for GET /health to answer OK. */
	readyTimeoutMs?: number;
	/** Between SIGTERM and SIGKILL when stopping. */
	graceMs?: number;
	logLines?: number;
	/** gunicorn/uvicorn workers: one is plenty for one person and starts fastest. */
	workers?: number;
}

export interface WebUiSnapshot {
	state: WebUiState;
	host: string;
	port?: number;
	url?: string;
	/** Process group id (the reaper's pid). */
	pid?: number;
	/** What GET /version answered. */
	version?: string;
	/** Why it failed, with what to do. */
	error?: string;
	log: string[];
}

const POLL_MS = 300;
/** Lines of MLflow's log that mean the port was taken between our probe and its bind. */
const PORT_TAKEN = /address already in use|connection in use|errno 98|eaddrinuse/i;

const live = new Set<WebUiServer>();
let exitHookInstalled = false;

/** Last resort when mlwatch exits with a server still up: signal its group synchronously. */
function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const server of live) server.killNow();
	});
}

let setprivWorks: boolean | undefined;
/** util-linux setpriv with --pdeathsig: the kernel signals the reaper if mlwatch dies. */
function hasSetpriv(): boolean {
	if (setprivWorks === undefined) {
		if (process.platform !== 'linux') setprivWorks = false;
		else {
			const probe = spawnSync('setpriv', ['--pdeathsig', 'TERM', 'true'], {stdio: 'ignore', timeout: 5000});
			setprivWorks = probe.status === 0;
		}
	}
	return setprivWorks;
}

function delay(ms: number): Promise<void> {
	return new Promise((done) => setTimeout(done, ms));
}

/** A deadline to race against: unref'd, so a finished race does not keep mlwatch alive. */
function deadline(ms: number): Promise<void> {
	return new Promise((done) => setTimeout(done, ms).unref());
}

async function fetchText(url: string, timeoutMs: number): Promise<string | undefined> {
	try {
		const response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs)});
		return response.ok ? (await response.text()).trim() : undefined;
	} catch {
		return undefined;
	}
}

function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const out: NodeJS.ProcessEnv = {
		...env,
		// MLflow >= 3.13 refuses file stores without it; older versions ignore it.
		MLFLOW_ALLOW_FILE_STORE: 'true',
		PYTHONUNBUFFERED: '1',
		NO_COLOR: '1',
	};
	// A prefix would move /health, which is how readiness is judged (3.7+).
	delete out['MLFLOW_STATIC_PREFIX'];
	return out;
}

/** The argv that starts the server (after the reaper), for messages and tests. */
export function mlflowUiArgs(backendStoreUri: string, host: string, port: number, workers: number): string[] {
	return ['ui', '--backend-store-uri', backendStoreUri, '--host', host, '--port', String(port), '--workers', String(workers)];
}

export class WebUiServer extends EventEmitter {
	private snapshotValue: WebUiSnapshot;
	private child?: ChildProcess;
	private readonly log: LogBuffer;
	private readonly options: Required<Omit<WebUiOptions, 'env'>> & {env: NodeJS.ProcessEnv};
	private exited?: Promise<void>;
	/** Resolves when the server answers, rejects with the reason it did not. */
	readonly ready: Promise<WebUiSnapshot>;

	constructor(options: WebUiOptions) {
		super();
		this.options = {
			host: '127.0.0.1',
			port: 5000,
			readyTimeoutMs: 90_000,
			graceMs: 5000,
			logLines: 200,
			workers: 1,
			env: process.env,
			...options,
		};
		this.log = new LogBuffer(this.options.logLines);
		this.snapshotValue = {state: 'starting', host: this.options.host, log: []};
		this.ready = this.run();
		// Callers that only watch events must not see an unhandled rejection.
		this.ready.catch(() => {});
	}

	get snapshot(): WebUiSnapshot {
		return this.snapshotValue;
	}

	private update(change: Partial<WebUiSnapshot>): void {
		this.snapshotValue = {...this.snapshotValue, ...change, log: this.log.tail()};
		this.emit('change', this.snapshotValue);
	}

	/** Each new log line is a `line` event; the snapshot keeps the last ones. */
	private addLines(lines: string[]): void {
		if (lines.length === 0) return;
		for (const line of lines) this.emit('line', line);
		this.update({});
	}

	private spawnServer(port: number): ChildProcess {
		const {mlflowPath, backendStoreUri, host, workers, graceMs, env} = this.options;
		const reaper = [process.execPath, '-e', REAPER_SCRIPT, '--', String(graceMs), mlflowPath, ...mlflowUiArgs(backendStoreUri, host, port, workers)];
		const [command, ...args] = hasSetpriv() ? ['setpriv', '--pdeathsig', 'TERM', ...reaper] : reaper;
		const child = spawn(command!, args, {
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: serverEnv(env),
		});
		const onData = (chunk: Buffer) => this.addLines(this.log.write(chunk.toString('utf8')));
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		live.add(this);
		installExitHook();
		this.exited = new Promise((done) => {
			child.once('close', () => {
				this.addLines(this.log.flush());
				live.delete(this);
				if (this.snapshotValue.state === 'ready') this.update({state: 'failed', error: 'MLflow exited on its own; see its log'});
				done();
			});
			child.once('error', (error) => {
				this.addLines(this.log.write(`mlwatch: cannot start ${command}: ${error.message}\n`));
				live.delete(this);
				done();
			});
		});
		return child;
	}

	private async run(): Promise<WebUiSnapshot> {
		const {host, readyTimeoutMs} = this.options;
		let start = this.options.port;
		for (let attempt = 0; attempt < 3; attempt++) {
			let port: number;
			try {
				port = await findFreePort(start, host);
			} catch (error) {
				return this.fail((error as Error).message);
			}
			if (this.snapshotValue.state !== 'starting') throw new Error('stopped before it started');
			this.child = this.spawnServer(port);
			this.update({port, pid: this.child.pid, url: webUiUrl(host, port)});
			const outcome = await this.waitUntilUp(port, readyTimeoutMs);
			if (outcome === 'up') {
				const version = await fetchText(`http://${browseHost(host)}:${port}/version`, 5000);
				this.update({state: 'ready', version});
				return this.snapshotValue;
			}
			if (outcome === 'stopped') throw new Error('stopped before it was ready');
			if (outcome === 'exited' && PORT_TAKEN.test(this.log.tail(30).join('\n'))) {
				// Someone took the port between the probe and MLflow's bind: try the next one.
				start = port + 1;
				continue;
			}
			if (outcome === 'timeout') {
				await this.stopProcess();
				return this.fail(`MLflow did not answer GET /health within ${Math.round(readyTimeoutMs / 1000)} s.`);
			}
			return this.fail('MLflow exited before it answered GET /health.');
		}
		return this.fail('the port was taken by another program three times in a row; try again or choose one with --port N');
	}

	private fail(reason: string): never {
		this.update({state: 'failed', error: reason});
		throw new Error(reason);
	}

	private async waitUntilUp(port: number, timeoutMs: number): Promise<'up' | 'exited' | 'timeout' | 'stopped'> {
		const url = `http://${browseHost(this.options.host)}:${port}/health`;
		const deadline = Date.now() + timeoutMs;
		let gone = false;
		void this.exited?.then(() => {
			gone = true;
		});
		while (Date.now() < deadline) {
			if (this.snapshotValue.state !== 'starting') return 'stopped';
			if (gone) return 'exited';
			if ((await fetchText(url, 2000)) === 'OK') return 'up';
			await delay(POLL_MS);
		}
		return 'timeout';
	}

	/** The equivalent shell command, for people who want to run it by hand. */
	commandLine(): string {
		const {mlflowPath, backendStoreUri, host, workers} = this.options;
		const port = this.snapshotValue.port ?? this.options.port;
		const allow = backendStoreUri.startsWith('file:') ? ['MLFLOW_ALLOW_FILE_STORE=true'] : [];
		return [...allow, mlflowPath, ...mlflowUiArgs(backendStoreUri, host, port, workers)].map(shellQuote).join(' ');
	}

	/** Signals the group now, without waiting: for process exit. */
	killNow(): void {
		const child = this.child;
		if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
		const pid = child.pid;
		try {
			process.kill(-pid, 'SIGTERM');
		} catch {
			// already gone
		}
	}

	private async stopProcess(): Promise<void> {
		const child = this.child;
		const pid = child?.pid;
		if (!child || pid === undefined || !this.exited) return;
		if (child.exitCode === null && child.signalCode === null) {
			try {
				process.kill(-pid, 'SIGTERM');
			} catch {
				// already gone
			}
		}
		await Promise.race([this.exited, deadline(this.options.graceMs + 2000)]);
		// The reaper escalates by itself; this covers a reaper that is stuck or was killed.
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// the group is empty
		}
		await Promise.race([this.exited, deadline(2000)]);
	}

	/** Stops the server and every process it started. Safe to call more than once. */
	async stop(): Promise<void> {
		const state = this.snapshotValue.state;
		if (state === 'stopped' || state === 'stopping') {
			await this.exited;
			return;
		}
		if (state !== 'failed') this.update({state: 'stopping'});
		await this.stopProcess();
		if (state !== 'failed') this.update({state: 'stopped'});
	}
}

/** Starts the web UI; watch `change` events or await `ready`. */
export function launchWebUi(options: WebUiOptions): WebUiServer {
	return new WebUiServer(options);
}
