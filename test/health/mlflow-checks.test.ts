// The checks that are about MLflow itself, against REAL MLflow 3.1.4 and the newest
// installable 3.x: which one is found and where, its version, whether it refuses file
// stores, and which store it would pick in a folder (asked of MLflow, not assumed).

import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {MlflowUnavailable, mlflowEnv, mlflowRequired, mlflowVersion, type MlflowVersion} from '../helpers/mlflow-oracle.js';
import {runCli} from '../helpers/run-cli.js';
import {compareVersions} from '../../source/webui/find-mlflow.js';

const minutes = 60_000;
const temps: string[] = [];
afterAll(() => {
	for (const dir of temps) rmSync(dir, {recursive: true, force: true});
});

function venvOf(version: MlflowVersion): {venv: string; release: string} | {reason: string} {
	try {
		return {venv: mlflowEnv(version), release: mlflowVersion(version)};
	} catch (error) {
		if (error instanceof MlflowUnavailable && !mlflowRequired) return {reason: `MLflow ${version} unavailable: ${error.message}`};
		throw error;
	}
}

/** A folder whose mlruns/ mlwatch reads but MLflow 3.7+ does not count (no numeric experiment folder). */
function projectWithNamedExperiment(): string {
	const dir = mkdtempSync(join(tmpdir(), 'mlwatch-mlflow-checks-'));
	temps.push(dir);
	mkdirSync(join(dir, 'mlruns', 'imported'), {recursive: true});
	writeFileSync(join(dir, 'mlruns', 'imported', 'meta.yaml'), "artifact_location: file:///x\nexperiment_id: 'imported'\nlifecycle_stage: active\nname: imported\n");
	return dir;
}

function status(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
	const result = runCli(['status', '--json', ...args], {cwd, env: {PATH: '', VIRTUAL_ENV: '', CONDA_PREFIX: '', ...env}});
	return JSON.parse(result.stdout);
}

const check = (report: any, id: string) => report.checks.find((entry: any) => entry.id === id);

/** MLflow's own answer, run in `cwd` with a clean MLflow environment. */
function python(venv: string, code: string, cwd: string, env: NodeJS.ProcessEnv = {}) {
	const clean: NodeJS.ProcessEnv = {...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env};
	for (const name of Object.keys(clean)) if (name.startsWith('MLFLOW_') && !(name in env)) delete clean[name];
	return spawnSync(join(venv, 'bin', 'python'), ['-c', code], {cwd, env: clean, encoding: 'utf8', timeout: 5 * minutes});
}

describe.each(['3.1.4', 'latest'] as MlflowVersion[])('MLflow checks with real MLflow %s', (version) => {
	const found = venvOf(version);

	it('finds MLflow by --mlflow, $VIRTUAL_ENV and PATH, and reads its version', (context) => {
		if ('reason' in found) return context.skip(found.reason);
		const dir = projectWithNamedExperiment();
		const mlflow = join(found.venv, 'bin', 'mlflow');
		expect(status(['--mlflow', found.venv], dir, {}).mlflow).toEqual({installed: true, version: found.release, path: mlflow, source: '--mlflow'});
		expect(status([], dir, {VIRTUAL_ENV: found.venv}).mlflow).toMatchObject({installed: true, version: found.release, source: 'VIRTUAL_ENV'});
		expect(status([], dir, {PATH: join(found.venv, 'bin')}).mlflow).toMatchObject({installed: true, path: mlflow, source: 'PATH'});
		expect(check(status(['--mlflow', mlflow], dir, {}), 'mlflow')).toMatchObject({status: 'ok', message: expect.stringContaining(`MLflow ${found.release}`)});
	}, 5 * minutes);

	it('says whether MLflow refuses file stores, as MLflow itself does', (context) => {
		if ('reason' in found) return context.skip(found.reason);
		const dir = projectWithNamedExperiment();
		const store = join(dir, 'scratch-store');
		const refuses = python(found.venv, `import mlflow\nmlflow.MlflowClient('file://${store}').search_experiments()`, dir);
		const gate = check(status(['--mlflow', found.venv], dir, {}), 'file-store-allowed');
		expect(refuses.status !== 0).toBe(compareVersions(found.release, '3.13.0') >= 0);
		if (refuses.status !== 0) {
			expect(refuses.stderr).toContain('MLFLOW_ALLOW_FILE_STORE');
			expect(gate.status).toBe('warn');
			expect(gate.message).toContain(`MLflow ${found.release} refuses file stores`);
			expect(gate.fix).toContain('export MLFLOW_ALLOW_FILE_STORE=true');
			// With the variable set, MLflow opens it and the check is satisfied.
			expect(python(found.venv, `import mlflow\nmlflow.MlflowClient('file://${store}').search_experiments()`, dir, {MLFLOW_ALLOW_FILE_STORE: 'true'}).status).toBe(0);
			expect(check(status(['--mlflow', found.venv], dir, {MLFLOW_ALLOW_FILE_STORE: 'true'}), 'file-store-allowed').status).toBe('ok');
		} else {
			expect(gate.status).toBe('ok');
		}
	}, 5 * minutes);

	it('names the store MLflow would pick in this folder, as MLflow itself picks it', (context) => {
		if ('reason' in found) return context.skip(found.reason);
		const dir = projectWithNamedExperiment();
		const picked = python(found.venv, 'import mlflow; print(mlflow.get_tracking_uri())', dir).stdout.trim();
		const choice = check(status(['--mlflow', found.venv], dir, {}), 'mlflow-default-store');
		expect(picked.startsWith('sqlite:')).toBe(compareVersions(found.release, '3.7.0') >= 0);
		if (picked.startsWith('sqlite:')) {
			expect(choice.status).toBe('warn');
			expect(choice.message).toContain('logs to ./mlflow.db');
		} else {
			expect(picked).toBe(`file://${join(dir, 'mlruns')}`);
			expect(choice.status).toBe('ok');
			expect(choice.message).toContain('uses ./mlruns');
		}
	}, 5 * minutes);
});
