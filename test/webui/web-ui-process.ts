// Drives `mlwatch ui` as a user would (a child process), and finds what it left behind.

import {spawn, type ChildProcess} from 'node:child_process';
import {chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cliPath} from '../helpers/paths.js';

export interface UiSession {
	child: ChildProcess;
	stdout: () => string;
	stderr: () => string;
	exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
}

export function startUi(args: string[], env: NodeJS.ProcessEnv = {}): UiSession {
	const fullEnv: NodeJS.ProcessEnv = {...process.env, MLFLOW_TRACKING_URI: '', ...env};
	if (!fullEnv['MLFLOW_TRACKING_URI']) delete fullEnv['MLFLOW_TRACKING_URI'];
	const child = spawn(process.execPath, [cliPath, 'ui', ...args], {env: fullEnv, stdio: ['ignore', 'pipe', 'pipe']});
	let out = '';
	let err = '';
	child.stdout!.on('data', (chunk) => (out += chunk));
	child.stderr!.on('data', (chunk) => (err += chunk));
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((done) => child.on('close', (code, signal) => done({code, signal})));
	return {child, stdout: () => out, stderr: () => err, exited};
}

/** Resolves with the URL `mlwatch ui` printed, or rejects with everything it said. */
export async function waitForUrl(session: UiSession, timeoutMs = 120_000): Promise<URL> {
	const deadline = Date.now() + timeoutMs;
	let gone = false;
	void session.exited.then(() => (gone = true));
	while (Date.now() < deadline) {
		const match = /http:\/\/127\.0\.0\.1:(\d+)\/(?=\s)/.exec(session.stdout());
		if (match && session.stdout().includes('Ctrl-C stops it')) return new URL(match[0]);
		if (gone) break;
		await new Promise((done) => setTimeout(done, 200));
	}
	throw new Error(`mlwatch ui printed no URL.\nstdout:\n${session.stdout()}\nstderr:\n${session.stderr()}`);
}

interface ProcStat {
	pid: number;
	ppid: number;
	pgid: number;
	state: string;
}

function readStat(pid: number): ProcStat | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return {pid, state: fields[0]!, ppid: Number(fields[1]), pgid: Number(fields[2])};
	} catch {
		return undefined;
	}
}

function allStats(): ProcStat[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map((name) => readStat(Number(name)))
		.filter((stat): stat is ProcStat => stat !== undefined);
}

/** The process group mlwatch started the server in: its child leads one of its own. */
export function serverGroupOf(mlwatchPid: number): number | undefined {
	return allStats().find((stat) => stat.ppid === mlwatchPid && stat.pgid === stat.pid)?.pgid;
}

/** Live (non-zombie) processes in a group. */
export function processesInGroup(pgid: number): number[] {
	return allStats()
		.filter((stat) => stat.pgid === pgid && stat.state !== 'Z')
		.map((stat) => stat.pid);
}

/** Live processes whose command line mentions `text` (a store path). */
export function processesMentioning(text: string): number[] {
	return allStats()
		.filter((stat) => stat.state !== 'Z')
		.filter((stat) => {
			try {
				return readFileSync(`/proc/${stat.pid}/cmdline`, 'utf8').includes(text);
			} catch {
				return false;
			}
		})
		.map((stat) => stat.pid);
}

export async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (check()) return true;
		await new Promise((done) => setTimeout(done, 100));
	}
	return check();
}

/** A writable copy of a store: MLflow's server writes .trash/ and models/ into what it opens. */
export function copyStore(store: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'mlwatch-webui-'));
	const copy = join(dir, 'mlruns');
	cpSync(store, copy, {recursive: true});
	const makeWritable = (path: string) => {
		const info = statSync(path);
		chmodSync(path, info.mode | 0o200);
		if (info.isDirectory()) for (const name of readdirSync(path)) makeWritable(join(path, name));
	};
	makeWritable(copy);
	return copy;
}

