// The tracking-server backend against the shared contract suite: a real `mlflow server`
// (MLflow 3.1.4 and the newest 3.x) over a SQLite database real MLflow logged the scenario
// into, and a live store written through the server by MLflow's own client while the
// feed polls it.

import {afterAll, describe, it} from 'vitest';
import {openStore} from '../../../source/store/registry.js';
import {liveWriter, prepareServer, removeServerScenarios, type ServerScenario} from '../../helpers/mlflow-server.js';
import {mlflowMissing, type MlflowVersion} from '../../helpers/mlflow-oracle.js';
import {describeContract} from './contract-suite.js';

const scenarios: ServerScenario[] = [];
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => {});
	for (const scenario of scenarios.splice(0)) await scenario.stop();
	removeServerScenarios();
}, 120_000);

const open = (url: string) => openStore(url, {env: {}, cwd: process.cwd()});


for (const version of ['3.1.4', 'latest'] as MlflowVersion[]) {
	const reason = mlflowMissing(version);
	if (reason) {
		describe(`the store contract: rest store (MLflow ${version})`, () => it('runs against a real server', (context) => context.skip(reason)));
		continue;
	}
	describeContract(`rest store (MLflow ${version}, sqlite)`, {
		sqlValues: true,
		feedTimeoutMs: 20_000,
		open: async () => {
			const prepared = await prepareServer(version, 'sqlite');
			if (!prepared.available) throw new Error(prepared.reason);
			scenarios.push(prepared.scenario);
			return open(prepared.scenario.server.url);
		},
		live: async () => {
			// A copy of the scenario database: already migrated, so the server starts quickly.
			const prepared = await prepareServer(version, 'sqlite');
			if (!prepared.available) throw new Error(prepared.reason);
			const server = prepared.scenario.server;
			const writer = liveWriter(version, server.url);
			const {experiment_id: experimentId} = await writer.call<{experiment_id: string}>('create_experiment', {name: 'live'});
			const store = await open(server.url);
			const close = async () => {
				await store.close();
				await writer.close();
				await prepared.scenario.stop();
			};
			cleanups.push(close);
			return {
				store,
				experimentId,
				createRun: async (experiment, name) => (await writer.call<{run_id: string}>('create_run', {experiment_id: experiment, name})).run_id,
				logMetric: async (runId, key, value, step) => {
					await writer.call('log_metric', {run_id: runId, key, value, step});
				},
				close,
			};
		},
	});
}
