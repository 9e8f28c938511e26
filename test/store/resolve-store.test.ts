// Which store mlwatch opens: --store, else MLFLOW_TRACKING_URI, else ./mlruns when it
// holds experiment data, else ./mlflow.db; otherwise one message saying where it looked.

import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {chooseStore} from '../../source/store/choose-store.js';
import {backendFor} from '../../source/store/registry.js';
import {runCli} from '../helpers/run-cli.js';
import {runMeta, tempStore, writeExperiment, writeRun} from '../helpers/store-builder.js';

function project(): {dir: string; mlruns: string} {
	const mlruns = tempStore();
	const dir = writeExperiment(mlruns, '7', "artifact_location: x\nexperiment_id: '7'\nlifecycle_stage: active\nname: seven\n");
	writeRun(dir, 'a'.repeat(32), {meta: runMeta({runId: 'a'.repeat(32), experimentId: '7'})});
	return {dir: join(mlruns, '..'), mlruns};
}

describe('store resolution', () => {
	it('takes --store as a path, a file: URI, or the project folder holding mlruns', () => {
		const {dir, mlruns} = project();
		expect(chooseStore(mlruns, {}, '/')).toMatchObject({spec: mlruns, kind: 'file', source: '--store'});
		expect(chooseStore(pathToFileURL(mlruns).href, {}, '/').spec).toBe(mlruns);
		expect(chooseStore(dir, {}, '/').spec).toBe(mlruns);
		expect(chooseStore('mlruns', {}, dir).spec).toBe(mlruns);
	});

	it('falls back to MLFLOW_TRACKING_URI, then ./mlruns, then ./mlflow.db, and says why', () => {
		const {dir, mlruns} = project();
		expect(chooseStore(undefined, {MLFLOW_TRACKING_URI: `file://${mlruns}`}, '/')).toMatchObject({spec: mlruns, source: 'MLFLOW_TRACKING_URI'});
		expect(chooseStore(undefined, {}, dir)).toMatchObject({spec: mlruns, source: 'default', reason: expect.stringMatching(/holds experiment data/)});
		const result = runCli(['runs', '--json'], {cwd: dir});
		expect(result.status).toBe(0);
		expect(JSON.parse(result.stdout).runs).toHaveLength(1);

		const withDb = mkdtempSync(join(tmpdir(), 'mlwatch-db-'));
		mkdirSync(join(withDb, 'mlruns'));
		writeFileSync(join(withDb, 'mlflow.db'), '');
		expect(chooseStore(undefined, {}, withDb)).toMatchObject({spec: join(withDb, 'mlflow.db'), kind: 'sqlite', source: 'default', reason: expect.stringMatching(/mlflow\.db/)});
		expect(chooseStore(withDb, {}, '/')).toMatchObject({spec: join(withDb, 'mlflow.db'), kind: 'sqlite'});
	});

	it('says where it looked when there is no store, and recognises an artifact-only mlruns', () => {
		const empty = mkdtempSync(join(tmpdir(), 'mlwatch-empty-'));
		mkdirSync(join(empty, 'mlruns', '1', 'abc', 'artifacts'), {recursive: true});
		const result = runCli(['experiments'], {cwd: empty});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('No MLflow store found. Looked at:');
		expect(result.stderr).toContain('MLFLOW_TRACKING_URI: not set');
		expect(result.stderr).toMatch(/mlruns: exists but holds no experiment/);
		expect(result.stderr).toMatch(/mlflow\.db: does not exist/);
		expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
	});

	it('picks the backend by scheme, and explains databases MLflow reads through a server', () => {
		expect(backendFor('sqlite:///mlflow.db').kind).toBe('sqlite');
		expect(backendFor('runs/mlflow.db').kind).toBe('sqlite');
		expect(backendFor('http://localhost:5000').kind).toBe('rest');
		expect(backendFor('https://mlflow.example.com/prefix').kind).toBe('rest');
		expect(backendFor('file:///x/mlruns').kind).toBe('file');
		expect(backendFor('./mlruns').kind).toBe('file');
		expect(() => backendFor('postgresql://u:secret@db/mlflow')).toThrow(/tracking server/);
		expect(() => backendFor('postgresql://u:secret@db/mlflow')).not.toThrow(/secret/);
		expect(() => chooseStore('/no/such/folder', {}, '/')).toThrow(/not a folder/);
	});

	it('points at the bad token of a malformed filter', () => {
		const {mlruns} = project();
		const result = runCli(['runs', '--store', mlruns, '--filter', "metrics.acc > 0.9 OR params.x = 'y'"]);
		expect(result.status).toBe(2);
		const lines = result.stderr.trimEnd().split('\n');
		const caret = lines.at(-1)!.indexOf('^');
		expect(lines.at(-2)!.slice(caret, caret + 2)).toBe('OR');
	});
});
