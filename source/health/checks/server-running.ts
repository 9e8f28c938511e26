// Is an `mlflow ui` / `mlflow server` already serving this store? Then its URL is the
// answer, not a second server.

import {realpath} from 'node:fs/promises';
import {basename, resolve} from 'node:path';
import {listProcesses, processEnv, type ProcessInfo} from '../proc.js';
import type {HealthCheck} from '../types.js';
import {pathOfFileUri} from '../../store/file-uri.js';

interface Serving {
	pid: number;
	host: string;
	port: number;
	store?: string;
}

function option(argv: string[], names: string[]): string | undefined {
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		for (const name of names) {
			if (arg === name) return argv[index + 1];
			if (name.startsWith('--') && arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
		}
	}
	return undefined;
}

function storePath(uri: string, cwd: string | undefined): string | undefined {
	// sqlite:///relative.db and sqlite:////absolute.db, as MLflow writes them.
	const sqlite = /^sqlite:\/\/\/(.*)$/i.exec(uri);
	if (sqlite) return cwd ? resolve(cwd, sqlite[1]!) : sqlite[1]!;
	if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('file:')) return undefined; // postgresql:, ...
	const path = pathOfFileUri(uri);
	return cwd ? resolve(cwd, path) : path;
}

/** The `mlflow ui|server` command itself, with what it was told. */
async function asMlflowCli(info: ProcessInfo): Promise<Serving | undefined> {
	const at = info.argv.findIndex((arg, index) => (basename(arg) === 'mlflow' || arg === 'mlflow') && ['ui', 'server'].includes(info.argv[index + 1] ?? ''));
	if (at < 0) return undefined;
	const argv = info.argv.slice(at + 2);
	const uri = option(argv, ['--backend-store-uri']) ?? (await processEnv(info.pid, 'MLFLOW_BACKEND_STORE_URI')) ?? './mlruns';
	const port = Number(option(argv, ['--port', '-p']) ?? (await processEnv(info.pid, 'MLFLOW_PORT')) ?? 5000);
	const host = option(argv, ['--host', '-h']) ?? (await processEnv(info.pid, 'MLFLOW_HOST')) ?? '127.0.0.1';
	return {pid: info.pid, host, port, store: storePath(uri, info.cwd)};
}

/** A gunicorn or uvicorn worker of MLflow's server: the store is in its environment. */
async function asWorker(info: ProcessInfo): Promise<Serving | undefined> {
	if (!info.argv.some((arg) => /gunicorn|uvicorn/.test(arg)) || !info.argv.some((arg) => arg.startsWith('mlflow.server'))) return undefined;
	const uri = await processEnv(info.pid, '_MLFLOW_SERVER_FILE_STORE');
	if (!uri) return undefined;
	const bind = option(info.argv, ['-b', '--bind']);
	const host = bind ? bind.replace(/:\d+$/, '') : (option(info.argv, ['--host']) ?? '127.0.0.1');
	const port = Number(bind ? bind.split(':').pop() : (option(info.argv, ['--port']) ?? 5000));
	return {pid: info.pid, host, port, store: storePath(uri, info.cwd)};
}

export const serverRunning: HealthCheck = {
	id: 'mlflow-server',
	title: 'MLflow web UI running',
	kinds: ['file', 'sqlite'],
	async run(context) {
		const root = context.description?.localPath;
		if (!root) return {status: 'ok', message: 'no store to look at', fix: ''};
		const processes = await listProcesses();
		if (!processes) return {status: 'ok', message: 'cannot list processes here (not Linux)', fix: ''};
		const target = await realpath(root).catch(() => resolve(root));
		const serving = new Map<string, Serving>();
		for (const info of processes) {
			const found = (await asMlflowCli(info)) ?? (await asWorker(info));
			if (!found?.store) continue;
			const store = await realpath(found.store).catch(() => resolve(found.store!));
			if (store !== target) continue;
			const key = `${found.host}:${found.port}`;
			const known = serving.get(key);
			if (!known || found.pid < known.pid) serving.set(key, found);
		}
		if (serving.size === 0) return {status: 'ok', message: 'no MLflow server is serving this store', fix: ''};
		const list = [...serving.values()].map((entry) => `http://${entry.host === '0.0.0.0' ? '127.0.0.1' : entry.host}:${entry.port}/ (pid ${entry.pid})`);
		return {status: 'ok', message: `already served by MLflow at ${list.join(', ')}`, fix: ''};
	},
};
