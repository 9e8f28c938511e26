// The tracking-server backend where things go wrong, against REAL servers (never mocks):
// credentials missing or wrong (basic-auth app), a wrong path prefix, a refused Host header
// (3.5+), nothing listening, a hung server (stopped with SIGSTOP), a server whose database
// went away (5xx, retried within a bounded wait), and following a server through an
// outage. Every message must say what is wrong and what to do, and no output may hold a
// password or token. Also: artifacts read through get-artifact and the mlflow-artifacts
// proxy, `about()` and the health check.

import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it, type TestContext} from 'vitest';
import type {StoreChange, TrackingStore} from '../../source/store/contract.js';
import {searchAllRuns} from '../../source/store/queries.js';
import {openStore} from '../../source/store/registry.js';
import {mlflowMissing, type MlflowVersion} from '../helpers/mlflow-oracle.js';
import {freePort, liveWriter, prepareServer, removeServerScenarios, startMlflowServer, type Prepared, type ServerScenario} from '../helpers/mlflow-server.js';
import {runCli, type CliResult} from '../helpers/run-cli.js';

const minutes = 60_000;
const TOKEN = 'tok-9f8e7d6c5b4a-secret';
const WRONG = 'not-the-Right-pw-77';

/** Every word mlwatch printed in this file, for the credentials check at the end. */
const printed: string[] = [];
const secrets: string[] = [TOKEN, WRONG];
const started: ServerScenario[] = [];

function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
	const result = runCli(args, {env});
	printed.push(result.stdout, result.stderr);
	return result;
}

async function store(url: string, env: NodeJS.ProcessEnv = {}): Promise<TrackingStore> {
	return openStore(url, {env, cwd: process.cwd()});
}


afterAll(async () => {
	for (const scenario of started.splice(0)) await scenario.stop().catch(() => {});
	removeServerScenarios();
}, 2 * minutes);

describe('tracking server URLs mlwatch cannot use', () => {
	it('says plainly what is wrong with a malformed URL', () => {
		const bad = cli(['experiments', '--store', 'http://', '--json']);
		expect(bad.status).toBe(1);
		expect(bad.stderr).toMatch(/not a URL mlwatch can read/);
		const query = cli(['experiments', '--store', 'http://127.0.0.1:5000/?x=1']);
		expect(query.status).toBe(1);
		expect(query.stderr).toContain('has no ?query');
	});

	it('says nothing is listening, and what to check', async () => {
		const port = await freePort();
		const result = cli(['experiments', '--store', `http://127.0.0.1:${port}`]);
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(`nothing is listening on 127.0.0.1:${port} (connection refused)`);
		expect(result.stderr).not.toContain('unexpected error');
	});

	it('says when only half of a user name and password is given', () => {
		const result = cli(['experiments', '--store', 'http://127.0.0.1:5000'], {MLFLOW_TRACKING_USERNAME: 'alice'});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('MLFLOW_TRACKING_USERNAME is set but MLFLOW_TRACKING_PASSWORD is not');
	});

	it('refuses contradicting TLS settings and unreadable certificate files, naming them', () => {
		const both = cli(['experiments', '--store', 'https://127.0.0.1:5000'], {MLFLOW_TRACKING_INSECURE_TLS: 'true', MLFLOW_TRACKING_SERVER_CERT_PATH: '/etc/hostname'});
		expect(both.stderr).toContain('MLFLOW_TRACKING_INSECURE_TLS=true and MLFLOW_TRACKING_SERVER_CERT_PATH are both set');
		const missing = cli(['experiments', '--store', 'https://127.0.0.1:5000'], {MLFLOW_TRACKING_SERVER_CERT_PATH: '/nonexistent/ca.pem'});
		expect(missing.stderr).toContain('cannot read MLFLOW_TRACKING_SERVER_CERT_PATH=/nonexistent/ca.pem: ENOENT');
		const flag = cli(['experiments', '--store', 'https://127.0.0.1:5000'], {MLFLOW_TRACKING_INSECURE_TLS: 'maybe'});
		expect(flag.stderr).toContain('MLFLOW_TRACKING_INSECURE_TLS=maybe is not true or false');
	});
});

for (const version of ['3.1.4', 'latest'] as MlflowVersion[]) {
	const reason = mlflowMissing(version);
	describe(`a tracking server with MLflow ${version}`, () => {
		let auth: Prepared = {available: false, reason: reason ?? 'not set up'};
		let plain: Prepared = {available: false, reason: reason ?? 'not set up'};
		const needs = (context: TestContext, prepared: Prepared): ServerScenario => {
			if (!prepared.available) context.skip(prepared.reason);
			return (prepared as Extract<Prepared, {available: true}>).scenario;
		};

		beforeAll(async () => {
			if (reason) return;
			[plain, auth] = await Promise.all([prepareServer(version, 'sqlite'), prepareServer(version, 'basic-auth')]);
			for (const prepared of [plain, auth]) if (prepared.available) started.push(prepared.scenario);
			if (auth.available) secrets.push(auth.scenario.user!.password);
		}, 20 * minutes);

		it('basic-auth: without credentials, with a wrong password or token, says so and what to set; with the right ones, reads', async (context) => {
			const scenario = needs(context, auth);
			const url = scenario.server.url;
			const user = scenario.user!;
			const none = cli(['experiments', '--store', url]);
			expect(none.status).toBe(1);
			expect(none.stderr).toContain('asks who you are (401). Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD');
			const wrong = cli(['runs', '--store', url, '--json'], {MLFLOW_TRACKING_USERNAME: user.username, MLFLOW_TRACKING_PASSWORD: WRONG});
			expect(wrong.status).toBe(1);
			expect(wrong.stderr).toContain('did not accept the user name and password from MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (401)');
			const token = cli(['experiments', '--store', url], {MLFLOW_TRACKING_TOKEN: TOKEN});
			expect(token.stderr).toContain('did not accept the token from MLFLOW_TRACKING_TOKEN (401)');
			const right = cli(['experiments', '--store', url, '--json'], {MLFLOW_TRACKING_USERNAME: user.username, MLFLOW_TRACKING_PASSWORD: user.password});
			expect(right.status, right.stderr).toBe(0);
			expect(JSON.parse(right.stdout).experiments.map((experiment: {name: string}) => experiment.name)).toContain('mlwatch-scenario');
			// Credentials in the URL work too, and never show in what mlwatch says about the store.
			const inUrl = url.replace('http://', `http://${user.username}:${encodeURIComponent(user.password)}@`);
			const status = cli(['status', '--store', inUrl, '--json']);
			const report = JSON.parse(status.stdout);
			expect(report.store.uri).toBe(url);
			const server = report.checks.find((check: {id: string}) => check.id === 'tracking-server');
			// basic-auth hashes the password on every request: on a loaded machine a round trip can pass the 1 s that counts as slow.
			if (server.status === 'warn') expect(server.fix).toContain('the server or the network is slow');
			else expect(server.status).toBe('ok');
			expect(server.message).toContain('credentials accepted');
		}, 5 * minutes);

		it('basic-auth: about() and the health check tell the version, the round trip and whether the credentials were accepted', async (context) => {
			const scenario = needs(context, auth);
			const user = scenario.user!;
			const good = await store(scenario.server.url, {MLFLOW_TRACKING_USERNAME: user.username, MLFLOW_TRACKING_PASSWORD: user.password});
			const about = await good.about();
			expect(about).toMatchObject({serverVersion: scenario.server.mlflow, authenticated: true});
			expect(about.roundTripMs).toBeGreaterThan(0);
			expect(about.error).toBeUndefined();
			await good.close();
			const bad = await store(scenario.server.url, {MLFLOW_TRACKING_USERNAME: user.username, MLFLOW_TRACKING_PASSWORD: WRONG});
			const refused = await bad.about();
			expect(refused.authenticated).toBe(false);
			expect(refused.error).toContain('did not accept');
			await bad.close();
			const status = cli(['status', '--store', scenario.server.url, '--json'], {MLFLOW_TRACKING_USERNAME: user.username, MLFLOW_TRACKING_PASSWORD: WRONG});
			expect(status.status).toBe(1);
			const check = JSON.parse(status.stdout).checks.find((entry: {id: string}) => entry.id === 'tracking-server');
			expect(check).toMatchObject({status: 'fail'});
			expect(check.fix).toContain('MLFLOW_TRACKING_USERNAME');
		}, 5 * minutes);

		it('says a wrong path prefix does not lead to an MLflow server', async (context) => {
			const scenario = needs(context, plain);
			const result = cli(['runs', '--store', `${scenario.server.url}/wrong/prefix`]);
			expect(result.status).toBe(1);
			expect(result.stderr).toContain(`${scenario.server.url}/wrong/prefix does not look like an MLflow tracking server`);
			expect(result.stderr).toContain('a wrong path prefix?');
		}, 2 * minutes);

		it('reads artifacts through get-artifact and, for mlflow-artifacts: roots, through the server proxy', async (context) => {
			const scenario = needs(context, plain);
			const rest = await store(scenario.server.url);
			try {
				const experiment = (await rest.searchExperiments({})).experiments.find((candidate) => candidate.name === 'mlwatch-scenario')!;
				const [baseline] = (await rest.searchRuns({experimentIds: [experiment.experiment_id], filter: "attributes.run_name = 'baseline'"})).runs;
				const listing = await rest.listArtifacts(baseline!.info.run_id);
				expect(listing?.files.map((file) => file.path).sort()).toEqual(['config', 'notes.txt']);
				expect((await rest.listArtifacts(baseline!.info.run_id, 'config'))?.files.map((file) => file.path)).toEqual(['config/params.json']);
				const notes = await rest.readArtifact(baseline!.info.run_id, 'notes.txt', 5);
				expect(notes).toMatchObject({size: 24, truncated: true});
				expect(Buffer.from(notes!.bytes).toString()).toBe('hello');
				expect(await rest.readArtifact(baseline!.info.run_id, '../../etc/passwd', 100)).toBeUndefined();

				// A run logged through the server keeps its artifacts behind the server's proxy.
				const writer = liveWriter(version, scenario.server.url);
				try {
					const {experiment_id: experimentId} = await writer.call<{experiment_id: string}>('create_experiment', {name: 'proxied'});
					const {run_id: runId} = await writer.call<{run_id: string}>('create_run', {experiment_id: experimentId, name: 'with-artifact'});
					const {artifact_uri: uri} = await writer.call<{artifact_uri: string}>('log_text', {run_id: runId, text: 'through the proxy\n', path: 'dir/hello.txt'});
					expect(uri).toMatch(/^mlflow-artifacts:/);
					const proxied = await rest.readArtifact(runId, 'dir/hello.txt', 1000);
					expect(proxied).toMatchObject({size: 18, truncated: false});
					expect(Buffer.from(proxied!.bytes).toString()).toBe('through the proxy\n');
				} finally {
					await writer.close();
				}
			} finally {
				await rest.close();
			}
		}, 5 * minutes);

		it('counts runs, and traces (none), for the experiments list', async (context) => {
			const scenario = needs(context, plain);
			const rest = await store(scenario.server.url);
			const experiment = (await rest.searchExperiments({})).experiments.find((candidate) => candidate.name === 'mlwatch-scenario')!;
			expect(await rest.getTraceSummary(experiment.experiment_id)).toEqual({total: 0, byState: {}});
			const counts = await rest.countRuns([experiment.experiment_id, '987654321']);
			const active = await searchAllRuns(rest, {experimentIds: [experiment.experiment_id]});
			expect(active.length).toBe(11);
			expect(counts[experiment.experiment_id]).toMatchObject({active: 11, running: 1});
			expect(counts[experiment.experiment_id]!.lastActivity).toBe(Math.max(...active.flatMap((run) => [run.info.start_time ?? 0, run.info.end_time ?? 0, ...run.data.metrics.filter((metric) => run.info.status === 'RUNNING').map((metric) => metric.timestamp)])));
			expect(counts['987654321']).toMatchObject({active: 0, running: 0});

			// More runs than one page of the count: found by probing offsets.
			const writer = liveWriter(version, scenario.server.url);
			try {
				const {experiment_id: many} = await writer.call<{experiment_id: string}>('create_experiment', {name: 'many-runs'});
				const ids: string[] = [];
				for (let index = 0; index < 57; index++) ids.push((await writer.call<{run_id: string}>('create_run', {experiment_id: many, name: `r${index}`})).run_id);
				for (const id of ids.slice(0, 30)) await writer.call('end_run', {run_id: id});
				for (const id of ids.slice(0, 2)) await writer.call('delete_run', {run_id: id});
				expect(await rest.countRuns([many])).toMatchObject({[many]: {active: 55, running: 27}});
			} finally {
				await writer.close();
			}
			await rest.close();
		}, 2 * minutes);

		it('times out a hung server (SIGSTOP) with a plain message, then reads again once it runs', async (context) => {
			const scenario = needs(context, plain);
			const pgid = scenario.server.process.pid!;
			process.kill(-pgid, 'SIGSTOP');
			try {
				const began = Date.now();
				const result = cli(['experiments', '--store', scenario.server.url], {MLFLOW_HTTP_REQUEST_TIMEOUT: '2'});
				expect(result.status).toBe(1);
				expect(result.stderr).toContain('did not answer within 2 s');
				expect(result.stderr).toContain('MLFLOW_HTTP_REQUEST_TIMEOUT');
				expect(Date.now() - began).toBeLessThan(30_000);
			} finally {
				process.kill(-pgid, 'SIGCONT');
			}
			expect(cli(['experiments', '--store', scenario.server.url]).status).toBe(0);
		}, 2 * minutes);

		it('follows a server through an outage: a warning while it is stopped, then "everything" once it answers', async (context) => {
			const scenario = needs(context, plain);
			const rest = await store(scenario.server.url, {MLFLOW_HTTP_REQUEST_TIMEOUT: '1'});
			const feed = rest.follow({pollMs: 300});
			await feed.ready();
			expect(feed.mode).toBe('poll');
			const changes: StoreChange[] = [];
			feed.subscribe((change) => changes.push(change));
			const pgid = scenario.server.process.pid!;
			process.kill(-pgid, 'SIGSTOP');
			try {
				const deadline = Date.now() + 20_000;
				while (!feed.warning && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
				expect(feed.warning).toMatch(/not answering .*did not answer within 1 s/);
			} finally {
				process.kill(-pgid, 'SIGCONT');
			}
			const deadline = Date.now() + 60_000;
			while (!changes.some((change) => change.everything) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
			expect(changes.some((change) => change.everything)).toBe(true);
			expect(feed.warning).toBeUndefined();
			await rest.close();
		}, 3 * minutes);
	});
}

describe('a tracking server that refuses the Host header (MLflow 3.5+)', () => {
	const reason = mlflowMissing('latest');
	let server: Awaited<ReturnType<typeof startMlflowServer>> | undefined;
	let dir = '';
	beforeAll(async () => {
		if (reason) return;
		dir = mkdtempSync(join(tmpdir(), 'mlwatch-host-'));
		server = await startMlflowServer('latest', 'sqlite', {backendStoreUri: `sqlite:///${join(dir, 'mlflow.db')}`, dir, args: ['--allowed-hosts', 'mlflow.example.com']});
	}, 10 * minutes);
	afterAll(async () => {
		await server?.stop();
		if (dir) rmSync(dir, {recursive: true, force: true});
	}, minutes);

	it('explains the refusal and what to do about it', (context) => {
		if (reason) return context.skip(reason);
		const result = cli(['runs', '--store', server!.url]);
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('refused the host name');
		expect(result.stderr).toContain('Invalid Host header');
		expect(result.stderr).toContain('--allowed-hosts 127.0.0.1');
	}, 2 * minutes);
});

describe('a tracking server whose database goes away (PostgreSQL stopped under it)', () => {
	let prepared: Prepared = {available: false, reason: 'not set up'};
	beforeAll(async () => {
		prepared = await prepareServer('latest', 'postgres');
		if (prepared.available) started.push(prepared.scenario);
	}, 20 * minutes);

	it('retries the failures within a bounded wait, says what failed, and reads again once the database is back', async (context) => {
		if (!prepared.available) return context.skip(prepared.reason);
		const {server, postgres} = prepared.scenario;
		expect(cli(['experiments', '--store', server.url]).status).toBe(0);
		await postgres!.pause();
		try {
			const began = Date.now();
			const result = cli(['experiments', '--store', server.url], {MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2'});
			const took = Date.now() - began;
			expect(result.status).toBe(1);
			expect(result.stderr).toMatch(/tracking server at http:\/\/127\.0\.0\.1:\d+ failed \(5\d\d/);
			expect(result.stderr).toContain('3 times over');
			expect(result.stderr).toContain('database unreachable');
			expect(took).toBeLessThan(45_000);
		} finally {
			await postgres!.resume();
		}
		const deadline = Date.now() + 60_000;
		let again = cli(['experiments', '--store', server.url]);
		while (again.status !== 0 && Date.now() < deadline) again = cli(['experiments', '--store', server.url]);
		expect(again.status, again.stderr).toBe(0);
	}, 5 * minutes);
});

describe('credentials', () => {
	it('never appear in anything mlwatch printed above', () => {
		expect(printed.length).toBeGreaterThan(0);
		for (const output of printed) for (const secret of secrets) expect(output).not.toContain(secret);
	});
});
