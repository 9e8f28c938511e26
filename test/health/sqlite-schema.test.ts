// The SQLite schema check against REAL MLflow: what it says of a database at the installed
// MLflow's own revision, at an older one and at a newer one, and that MLflow really does
// what the check says (upgrades an older database in place the first time it opens it,
// cannot open a newer one). mlwatch reads all of them.

import {copyFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it, type TestContext} from 'vitest';
import {mlflowEnv, mlflowVersion} from '../helpers/mlflow-oracle.js';
import {runCli} from '../helpers/run-cli.js';
import {prepareSqliteOracle, pythonEnv, removeSqliteFixtures, tempDir} from '../store/sqlite/sqlite-fixtures.js';
import {spawnSync} from 'node:child_process';
import {sqliteDriver} from '../../source/store/sqlite/driver.js';

const minutes = 60_000;
afterAll(removeSqliteFixtures);

function schemaCheck(db: string, mlflow: string): {status: string; message: string; fix: string} {
	const result = runCli(['status', '--json', '--store', `sqlite:///${db}`, '--mlflow', mlflow], {env: {VIRTUAL_ENV: '', CONDA_PREFIX: ''}});
	const report = JSON.parse(result.stdout);
	return report.checks.find((check: any) => check.id === 'sqlite-schema');
}

async function revisionOf(db: string): Promise<string> {
	const Driver = await sqliteDriver();
	const connection = new Driver(db, {readonly: true});
	try {
		return (connection.prepare('SELECT version_num FROM alembic_version').get() as {version_num: string}).version_num;
	} finally {
		connection.close();
	}
}

/** Opens the database with MLflow `venv` (search_experiments), as a user's script would. */
function openWithMlflow(venv: string, db: string) {
	return spawnSync(join(venv, 'bin', 'python'), ['-c', `import mlflow, sys; mlflow.set_tracking_uri(sys.argv[1]); print(len(mlflow.search_experiments()))`, `sqlite:///${db}`], {encoding: 'utf8', env: pythonEnv(), timeout: 5 * minutes});
}

describe('sqlite-schema check', () => {
	let old = '';
	let latest = '';
	let oldVenv = '';
	let latestVenv = '';
	let latestRelease = '';
	let unavailable = '';
	const ready = (ctx: TestContext) => {
		if (unavailable) ctx.skip(unavailable);
	};

	beforeAll(async () => {
		const [first, second] = [await prepareSqliteOracle('3.1.4'), await prepareSqliteOracle('latest')];
		if (!first.available || !second.available) {
			unavailable = !first.available ? first.reason : !second.available ? second.reason : '';
			return;
		}
		old = first.db;
		latest = second.db;
		oldVenv = mlflowEnv('3.1.4');
		latestVenv = mlflowEnv('latest');
		latestRelease = mlflowVersion('latest');
	}, 30 * minutes);

	it('is happy with a database at the installed MLflow\'s own revision', (ctx) => {
		ready(ctx);
		expect(schemaCheck(old, join(oldVenv, 'bin', 'mlflow'))).toMatchObject({status: 'ok', message: expect.stringMatching(/^schema revision bda7b8c39065 .*what MLflow 3\.1\.4 expects/)});
		expect(schemaCheck(latest, join(latestVenv, 'bin', 'mlflow')).status).toBe('ok');
	});

	it('warns that a newer MLflow upgrades an older database in place, and it does', async (ctx) => {
		ready(ctx);
		const dir = tempDir('mlwatch-schema-older-');
		const db = join(dir, 'mlflow.db');
		copyFileSync(old, db);
		const check = schemaCheck(db, join(latestVenv, 'bin', 'mlflow'));
		expect(check.status).toBe('warn');
		expect(check.message).toMatch(new RegExp(`older than MLflow ${latestRelease.replace(/\./g, '\\.')}'s .*upgrades the database in place.*mlwatch reads it as it is`));
		expect(check.fix).toContain(`cp ${db} ${db}.bak`);
		// What the check says, MLflow does.
		const opened = openWithMlflow(latestVenv, db);
		expect(opened.status, opened.stderr).toBe(0);
		expect(await revisionOf(db)).toBe(await revisionOf(latest));
	});

	it('warns that an older MLflow cannot open a newer database, and it cannot', async (ctx) => {
		ready(ctx);
		const dir = tempDir('mlwatch-schema-newer-');
		const db = join(dir, 'mlflow.db');
		copyFileSync(latest, db);
		const check = schemaCheck(db, join(oldVenv, 'bin', 'mlflow'));
		expect(check).toMatchObject({status: 'warn', message: expect.stringMatching(/is not one MLflow 3\.1\.4 knows: a newer MLflow wrote it.*mlwatch reads it as it is/)});
		const opened = openWithMlflow(oldVenv, db);
		expect(opened.status).not.toBe(0);
		expect(opened.stderr).toMatch(/Can't locate revision/);
		// mlwatch reads it all the same.
		const runs = runCli(['runs', '--store', `sqlite:///${db}`, '--json']);
		expect(runs.status, runs.stderr).toBe(0);
		expect(JSON.parse(runs.stdout).runs.length).toBe(14);
	});
});
