import {spawnSync} from 'node:child_process';
import {cliPath} from './paths.js';

export interface CliResult {
	status: number;
	stdout: string;
	stderr: string;
}

export interface CliOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
}

function cliEnv(options: CliOptions): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, MLFLOW_TRACKING_URI: '', ...options.env};
	if (!env['MLFLOW_TRACKING_URI']) delete env['MLFLOW_TRACKING_URI'];
	return env;
}

/** Runs the built `mlwatch` bundle (npm test builds it first), stdout and stderr piped. */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
	const result = spawnSync(process.execPath, [cliPath, ...args], {cwd: options.cwd, env: cliEnv(options), encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024});
	return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr};
}

export function runJson(args: string[], options: CliOptions = {}): any {
	const result = runCli([...args, '--json'], options);
	if (result.status !== 0) throw new Error(`mlwatch ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	return JSON.parse(result.stdout);
}

export function shellQuote(arg: string): string {
	return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * `mlwatch ARGS | READER` in bash, e.g. `head -3`: mlwatch's own exit status and
 * stderr (the reader's output is dropped).
 */
export function runPiped(args: string[], reader: string, options: CliOptions = {}): CliResult {
	const line = `${[process.execPath, cliPath, ...args].map(shellQuote).join(' ')} 2>"$ERR" | ${reader} >/dev/null; echo "\${PIPESTATUS[0]}"; cat "$ERR" >&2`;
	const result = spawnSync('bash', ['-c', `ERR=$(mktemp); ${line}; rm -f "$ERR"`], {cwd: options.cwd, env: cliEnv(options), encoding: 'utf8', timeout: 60_000});
	return {status: Number(result.stdout.trim()), stdout: '', stderr: result.stderr};
}

/**
 * Runs mlwatch with stdout a terminal of `columns` x `rows` (a pseudo-terminal from
 * util-linux `script`), as a person at a terminal would; stdout and stderr arrive
 * together, as they appear on the screen.
 */
export function runInTerminal(args: string[], size: {columns: number; rows?: number}, options: CliOptions = {}): CliResult {
	const command = `stty cols ${size.columns} rows ${size.rows ?? 24}; exec ${[process.execPath, cliPath, ...args].map(shellQuote).join(' ')}`;
	const result = spawnSync('script', ['-qec', command, '/dev/null'], {cwd: options.cwd, env: cliEnv(options), encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024});
	return {status: result.status ?? -1, stdout: result.stdout.replace(/\r\n/g, '\n'), stderr: result.stderr};
}
