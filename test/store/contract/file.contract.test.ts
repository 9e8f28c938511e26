// The file backend against the shared contract suite: the scenario written into mlruns/ by
// real MLflow 3.1.4, and a live store written as MLflow writes it, followed by the watcher.

import {FileStore} from '../../../source/store/file/file-store.js';
import {idSource, MlflowFileWriter, seededRandom, type RunWriter} from '../../../source/demo/mlflow-writer.js';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {writeScenario} from '../../helpers/mlflow-oracle.js';
import {describeContract} from './contract-suite.js';

describeContract('file store', {
	open: async () => new FileStore(await writeScenario('3.1.4')),
	live: async () => {
		const parent = mkdtempSync(join(tmpdir(), 'mlwatch-contract-'));
		const root = join(parent, 'mlruns');
		const writer = new MlflowFileWriter(root, idSource(seededRandom(7)));
		writer.createStoreFolder(Date.now());
		const experimentId = writer.createExperiment('live', Date.now());
		const store = new FileStore(root);
		const runs = new Map<string, RunWriter>();
		return {
			store,
			experimentId,
			async createRun(experiment, name) {
				const run = writer.createRun(experiment, {runName: name, startTime: Date.now()});
				runs.set(run.runId, run);
				return run.runId;
			},
			async logMetric(runId, key, value, step) {
				runs.get(runId)!.logMetric(key, value, step, Date.now());
			},
			async close() {
				await store.close();
				rmSync(parent, {recursive: true, force: true});
			},
		};
	},
});
