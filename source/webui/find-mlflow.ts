// Which `mlflow` to run, and its version. People keep MLflow in a project venv more often
// than on PATH, so the active virtual or conda environment is looked at before PATH.

import {execFile} from 'node:child_process';
import {accessSync, constants, openSync, readSync, closeSync, statSync} from 'node:fs';
import {delimiter, join, resolve} from 'node:path';

export type MlflowSource = '--mlflow' | 'VIRTUAL_ENV' | 'CONDA_PREFIX' | 'PATH';

export type MlflowLocation =
	| {found: true; path: string; source: MlflowSource}
	| {found: false; /** Every place looked, for the message. */ looked: string[]};

function isExecutableFile(path: string): boolean {
	try {
		if (!statSync(path).isFile()) return false;
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** `explicit` may name the executable itself or an environment folder that holds bin/mlflow. */
export function locateMlflow(explicit: string | undefined, env: NodeJS.ProcessEnv, cwd: string): MlflowLocation {
	const looked: string[] = [];
	if (explicit !== undefined && explicit !== '') {
		const path = resolve(cwd, explicit);
		for (const candidate of [path, join(path, 'bin', 'mlflow')]) {
			if (isExecutableFile(candidate)) return {found: true, path: candidate, source: '--mlflow'};
		}
		// `--mlflow mlflow3` names a command on PATH.
		const onPath = explicit.includes('/') ? undefined : searchPath(explicit, env);
		if (onPath) return {found: true, path: onPath, source: '--mlflow'};
		return {found: false, looked: [`--mlflow ${explicit}: not an executable file, nor a folder with bin/mlflow`]};
	}
	for (const [source, prefix] of [
		['VIRTUAL_ENV', env['VIRTUAL_ENV']],
		['CONDA_PREFIX', env['CONDA_PREFIX']],
	] as const) {
		if (!prefix) continue;
		const candidate = join(prefix, 'bin', 'mlflow');
		if (isExecutableFile(candidate)) return {found: true, path: candidate, source};
		looked.push(`$${source}/bin/mlflow (${candidate}): not there`);
	}
	const onPath = searchPath('mlflow', env);
	if (onPath) return {found: true, path: onPath, source: 'PATH'};
	looked.push(env['PATH'] ? 'mlflow on PATH: not found' : 'PATH: empty');
	return {found: false, looked};
}

function searchPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
	for (const dir of (env['PATH'] ?? '').split(delimiter)) {
		if (!dir) continue;
		const candidate = resolve(dir, name);
		if (isExecutableFile(candidate)) return candidate;
	}
	return undefined;
}

/** The interpreter named on the script's `#!` line, when it is a plain absolute path. */
function shebangPython(path: string): string | undefined {
	let fd: number | undefined;
	try {
		fd = openSync(path, 'r');
		const buffer = Buffer.alloc(512);
		const length = readSync(fd, buffer, 0, buffer.length, 0);
		const first = buffer.subarray(0, length).toString('utf8').split('\n')[0] ?? '';
		const match = /^#!\s*(\/\S*python[0-9.]*)\s*$/.exec(first);
		return match && isExecutableFile(match[1]!) ? match[1] : undefined;
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

function run(file: string, args: string[], timeoutMs: number): Promise<{ok: boolean; stdout: string; stderr: string}> {
	return new Promise((done) => {
		execFile(file, args, {timeout: timeoutMs, encoding: 'utf8', env: {...process.env, PYTHONWARNINGS: 'ignore'}}, (error, stdout, stderr) => {
			done({ok: !error, stdout: String(stdout), stderr: String(stderr)});
		});
	});
}

export type MlflowVersion = {version: string} | {error: string};

/**
 * Reads the version from the package metadata when the script's interpreter is known
 * (0.1 s), else runs `mlflow --version` (1.5 s or more: it imports MLflow).
 */
export async function mlflowVersion(path: string, timeoutMs = 20_000): Promise<MlflowVersion> {
	const python = shebangPython(path);
	if (python) {
		const metadata = await run(python, ['-c', 'import importlib.metadata as m; print(m.version("mlflow"))'], timeoutMs);
		const version = metadata.stdout.trim();
		if (metadata.ok && /^\d+\.\d+/.test(version)) return {version};
	}
	const cli = await run(path, ['--version'], timeoutMs);
	const match = /(\d+\.\d+(?:\.\d+)?(?:[.\w+-]*)?)\s*$/.exec(cli.stdout.trim());
	if (cli.ok && match) return {version: match[1]!};
	const why = (cli.stderr.trim().split('\n').pop() ?? '').slice(0, 200) || 'no version printed';
	return {error: `'${path} --version' failed: ${why}`};
}

/** -1, 0 or 1, comparing the numeric parts only ("3.13.0rc0" counts as 3.13.0). */
export function compareVersions(a: string, b: string): number {
	const parts = (version: string) => version.split('.').map((part) => Number.parseInt(part, 10) || 0);
	const [pa, pb] = [parts(a), parts(b)];
	for (let index = 0; index < Math.max(pa.length, pb.length); index++) {
		const difference = (pa[index] ?? 0) - (pb[index] ?? 0);
		if (difference !== 0) return Math.sign(difference);
	}
	return 0;
}

export const INSTALL_HINT = "install it with 'pip install mlflow' (or 'pipx install mlflow'), or point mlwatch at one with --mlflow PATH";
