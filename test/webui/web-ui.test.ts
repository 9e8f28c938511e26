// `mlwatch ui` with REAL MLflow (3.1.4 and the newest installable 3.x): the server comes up
// on a free port, answers /health and /version, its REST API lists the runs mlwatch lists,
// and stopping mlwatch (SIGTERM, Ctrl-C, even SIGKILL) leaves no process behind.
// Servers run on copies of the scenario store: MLflow's server writes into what it opens.

import {existsSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {prepareOracle, removeScenarios, type MlflowVersion, type Oracle} from '../helpers/mlflow-oracle.js';
import {corpusStore} from '../helpers/paths.js';
import {runCli, runJson} from '../helpers/run-cli.js';
import {copyStore, processesInGroup, processesMentioning, serverGroupOf, startUi, waitForUrl, waitUntil, type UiSession} from './web-ui-process.js';

const minutes = 60_000;

async function holdPort(port: number): Promise<Server | undefined> {
	return new Promise((done) => {
		const server = createServer();
		server.once('error', () => done(undefined));
		server.listen({port, host: '127.0.0.1', exclusive: true}, () => done(server));
	});
}

/** fetch, retried once: uvicorn closes idle keep-alive connections after 5 s, and undici may reuse one just as it does. */
async function request(url: URL, init?: RequestInit): Promise<Response> {
	try {
		return await fetch(url, init);
	} catch {
		return fetch(url, init);
	}
}

async function searchRuns(url: URL, experimentIds: string[]): Promise<string[]> {
	const ids: string[] = [];
	let token: string | undefined;
	do {
		const response = await request(new URL('/api/2.0/mlflow/runs/search', url), {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({experiment_ids: experimentIds, max_results: 1000, ...(token ? {page_token: token} : {})}),
		});
		expect(response.status).toBe(200);
		const body = (await response.json()) as {runs?: Array<{info: {run_id: string}}>; next_page_token?: string};
		ids.push(...(body.runs ?? []).map((run) => run.info.run_id));
		token = body.next_page_token;
	} while (token);
	return ids.sort();
}

async function stopAndCheck(session: UiSession, signal: NodeJS.Signals, store: string): Promise<{code: number | null}> {
	const pgid = serverGroupOf(session.child.pid!);
	expect(pgid, 'the server runs in its own process group').toBeDefined();
	expect(processesInGroup(pgid!).length).toBeGreaterThan(1);
	session.child.kill(signal);
	const {code} = await session.exited;
	// Everything mlwatch started is gone: the group and anything serving the copy.
	expect(await waitUntil(() => processesInGroup(pgid!).length === 0, 15_000), `left in group ${pgid}: ${processesInGroup(pgid!).join(' ')}`).toBe(true);
	expect(processesMentioning(store)).toEqual([]);
	return {code};
}

describe.each(['3.1.4', 'latest'] as MlflowVersion[])('mlwatch ui with real MLflow %s', (version) => {
	let oracle: Oracle;
	const copies: string[] = [];
	const sessions: UiSession[] = [];
	const copy = () => {
		const store = copyStore((oracle as Extract<Oracle, {available: true}>).store);
		copies.push(dirname(store));
		return store;
	};
	const ui = (args: string[], env: NodeJS.ProcessEnv = {}) => {
		const session = startUi(args, env);
		sessions.push(session);
		return session;
	};

	beforeAll(async () => {
		oracle = await prepareOracle(version);
	}, 30 * minutes);

	afterAll(async () => {
		for (const session of sessions) {
			if (session.child.exitCode === null && session.child.signalCode === null) session.child.kill('SIGTERM');
			await Promise.race([session.exited, new Promise((done) => setTimeout(done, 15_000))]);
		}
		for (const dir of copies) rmSync(dir, {recursive: true, force: true});
		removeScenarios();
	}, 2 * minutes);

	it('comes up, answers /health and /version, lists the runs mlwatch lists; SIGTERM stops every process', async (context) => {
		if (!oracle.available) return context.skip(oracle.reason);
		const store = copy();
		const session = ui(['--store', store, '--mlflow', oracle.venv, '--port', '5300'], {SSH_CONNECTION: ''});
		const url = await waitForUrl(session);
		expect(Number(url.port)).toBeGreaterThanOrEqual(5300);
		expect(session.stdout()).not.toContain('ssh -N');

		expect(await (await request(new URL('/health', url))).text()).toBe('OK');
		expect((await (await request(new URL('/version', url))).text()).trim()).toBe(oracle.mlflow);
		expect(session.stdout()).toContain(`MLflow ${oracle.mlflow} web UI`);

		const experiments = runJson(['experiments', '--store', store]).experiments as Array<{experiment_id: string}>;
		const ids = experiments.map((experiment) => experiment.experiment_id);
		const mine = (runJson(['runs', '--store', store]).runs as Array<{info: {run_id: string}}>).map((run) => run.info.run_id).sort();
		expect(mine.length).toBeGreaterThan(5);
		expect(await searchRuns(url, ids)).toEqual(mine);

		// While it runs, the health check sees it serving this store.
		const status = runJson(['status', '--store', store, '--mlflow', oracle.venv]);
		expect(status.checks.find((check: {id: string}) => check.id === 'mlflow-server').message).toContain(`http://127.0.0.1:${url.port}/`);

		const {code} = await stopAndCheck(session, 'SIGTERM', store);
		expect(code).toBe(0);
		expect(session.stderr()).toContain('web UI stopped');
	}, 5 * minutes);

	it('moves to the next port when 5000 is taken, prints the SSH tunnel, and Ctrl-C (SIGINT) stops it', async (context) => {
		if (!oracle.available) return context.skip(oracle.reason);
		const store = copy();
		// Hold 5000 ourselves; if something else already holds it, that serves as well.
		const held = await holdPort(5000);
		try {
			const session = ui(['--store', store, '--mlflow', join(oracle.venv, 'bin', 'mlflow')], {SSH_CONNECTION: '203.0.113.7 52100 198.51.100.20 22', USER: 'alice'});
			const url = await waitForUrl(session);
			const port = Number(url.port);
			expect(port).toBeGreaterThan(5000);
			expect(session.stdout()).toContain(`ssh -N -L ${port}:127.0.0.1:${port} alice@198.51.100.20`);
			expect(await (await request(new URL('/health', url))).text()).toBe('OK');
			const {code} = await stopAndCheck(session, 'SIGINT', store);
			expect(code).toBe(0);
		} finally {
			held?.close();
		}
	}, 5 * minutes);

	it('leaves nothing behind even when mlwatch is killed outright (SIGKILL)', async (context) => {
		if (!oracle.available) return context.skip(oracle.reason);
		const store = copy();
		const session = ui(['--store', store, '--mlflow', oracle.venv, '--port', '5400']);
		const url = await waitForUrl(session);
		expect(await (await request(new URL('/health', url))).text()).toBe('OK');
		await stopAndCheck(session, 'SIGKILL', store);
		// The port is free again.
		const again = await holdPort(Number(url.port));
		expect(again).toBeDefined();
		again?.close();
	}, 5 * minutes);

	it('leaves nothing behind when mlwatch and its reaper are both killed outright (SIGKILL, together)', async (context) => {
		if (!oracle.available) return context.skip(oracle.reason);
		const store = copy();
		const session = ui(['--store', store, '--mlflow', oracle.venv, '--port', '5450']);
		const url = await waitForUrl(session);
		expect(await (await request(new URL('/health', url))).text()).toBe('OK');
		const pgid = serverGroupOf(session.child.pid!);
		expect(pgid, 'the server runs in its own process group, led by the reaper').toBeDefined();
		expect(processesInGroup(pgid!).length).toBeGreaterThan(2);
		// Nothing of mlwatch's gets to run: not its exit hook, not the reaper's signal handlers.
		process.kill(pgid!, 'SIGKILL');
		session.child.kill('SIGKILL');
		await session.exited;
		expect(await waitUntil(() => processesInGroup(pgid!).length === 0, 20_000), `left in group ${pgid}: ${processesInGroup(pgid!).join(' ')}`).toBe(true);
		expect(await waitUntil(() => processesMentioning(store).length === 0, 5000), `still serving ${store}: ${processesMentioning(store).join(' ')}`).toBe(true);
		const again = await holdPort(Number(url.port));
		expect(again, `port ${url.port} is free again`).toBeDefined();
		again?.close();
	}, 5 * minutes);

	it('says before starting that MLflow creates .trash/ and models/ (it does), and warns that a non-loopback host has no authentication', async (context) => {
		if (!oracle.available) return context.skip(oracle.reason);
		const store = copy();
		rmSync(join(store, '.trash'), {recursive: true, force: true});
		rmSync(join(store, 'models'), {recursive: true, force: true});
		const session = ui(['--store', store, '--mlflow', oracle.venv, '--port', '5500', '--host', '0.0.0.0']);
		await waitForUrl(session);
		const said = session.stderr();
		const notice = said.indexOf('creates .trash/ and models/');
		expect(notice).toBeGreaterThanOrEqual(0);
		expect(notice).toBeLessThan(said.indexOf('starting MLflow'));
		expect(said).toMatch(/--host 0\.0\.0\.0 .* no authentication/);
		expect(existsSync(join(store, '.trash'))).toBe(true);
		await stopAndCheck(session, 'SIGTERM', store);
	}, 5 * minutes);
});

describe('mlwatch ui without MLflow', () => {
	it('says MLflow is missing and how to install it, exit 1', () => {
		const result = runCli(['ui', '--store', corpusStore('jeffc05__learning_mlops')], {env: {PATH: '', VIRTUAL_ENV: '', CONDA_PREFIX: ''}});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('MLflow is not installed here');
		expect(result.stderr).toContain('pip install mlflow');
		expect(result.stderr).toContain('Everything else in mlwatch works without MLflow');
	});

	it('names a --mlflow that does not exist', () => {
		const result = runCli(['ui', '--store', corpusStore('jeffc05__learning_mlops'), '--mlflow', '/nonexistent/mlflow'], {env: {PATH: ''}});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('--mlflow /nonexistent/mlflow: not an executable file');
	});

	it('rejects a port out of range before doing anything', () => {
		const result = runCli(['ui', '--port', '70000']);
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('--port needs a whole number from 1 to 65535');
	});
});
