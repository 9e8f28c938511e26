import {spawnSync} from 'node:child_process';
import {cliPath} from './paths.js';

export interface CliResult {
	status: number;
	stdout: string;
	stderr: string;
}

/** Runs the built `mlwatch` binary (npm test builds it first). */
export function runCli(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): CliResult {
	const env: NodeJS.ProcessEnv = {...process.env, MLFLOW_TRACKING_URI: '', ...options.env};
	if (!env['MLFLOW_TRACKING_URI']) delete env['MLFLOW_TRACKING_URI'];
	const result = spawnSync(process.execPath, [cliPath, ...args], {cwd: options.cwd, env, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024});
	return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr};
}

export function runJson(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): any {
	const result = runCli([...args, '--json'], options);
	if (result.status !== 0) throw new Error(`mlwatch ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	return JSON.parse(result.stdout);
}
