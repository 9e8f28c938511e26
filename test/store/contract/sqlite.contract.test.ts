// The SQLite backend against the shared contract suite: the scenario logged into mlflow.db by
// real MLflow 3.1.4, and a live database that real MLflow writes into on command while the
// store follows it by polling.

import {join} from 'node:path';
import {afterAll} from 'vitest';
import {openSqliteStore} from '../../../source/store/sqlite/open.js';
import {MlflowWriter, removeSqliteFixtures, tempDir, writeSqliteScenario} from '../sqlite/sqlite-fixtures.js';
import {describeContract} from './contract-suite.js';

const context = {env: process.env, cwd: process.cwd()};

afterAll(removeSqliteFixtures);

describeContract('sqlite store', {
	open: async () => openSqliteStore(`sqlite:///${await writeSqliteScenario('3.1.4')}`, context),
	live: async () => {
		const dir = tempDir('mlwatch-sqlite-live-');
		const db = join(dir, 'mlflow.db');
		const writer = await MlflowWriter.start('3.1.4', `sqlite:///${db}`, dir);
		const {experiment_id: experimentId} = await writer.send({op: 'create_experiment', name: 'live'});
		const store = await openSqliteStore(db, context);
		return {
			store,
			experimentId: experimentId!,
			async createRun(experiment, name) {
				return (await writer.send({op: 'create_run', experiment_id: experiment, name})).run_id!;
			},
			async logMetric(runId, key, value, step) {
				await writer.send({op: 'log_metric', run_id: runId, key, value, step});
			},
			async close() {
				await store.close();
				await writer.close();
			},
		};
	},
});
