// Format quirks from 0.x to 3.x that no corpus store shows, on small hand-written stores.

import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {FileStore} from '../../source/store/file/file-store.js';
import {runCli, runJson} from '../helpers/run-cli.js';
import {runMeta, tempStore, writeExperiment, writeRun} from '../helpers/store-builder.js';
import {getRecord, metricHistory, listExperiments, listRuns} from '../helpers/reads.js';

const EXP_META = (id: string, name: string) => `artifact_location: file:///x/mlruns/${id}\ncreation_time: 1700000000000\nexperiment_id: '${id}'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: ${name}\n`;

describe('file store quirks', () => {
	it('keeps 18-digit ids and YAML 1.1 strings exact (no float or int coercion)', async () => {
		const root = tempStore();
		// Unquoted as PyYAML writes them: not numbers in YAML 1.1, numbers in YAML 1.2.
		const id = '186361857841028067';
		const dir = writeExperiment(root, id, `artifact_location: file:///x\nexperiment_id: ${id}\nlifecycle_stage: active\nname: 1e5\n`);
		const runId = '12345e67812345678123456781234567';
		writeRun(dir, runId, {meta: runMeta({runId, experimentId: id, name: '0o17'}).replace(`experiment_id: '${id}'`, `experiment_id: ${id}`)});
		const store = new FileStore(root);
		const [experiment] = await listExperiments(store);
		expect(experiment).toMatchObject({experiment_id: id, name: '1e5'});
		const [record] = await listRuns(store, id);
		expect(record!.run.info).toMatchObject({run_id: runId, run_uuid: runId, experiment_id: id, run_name: '0o17'});
		expect(store.problems()).toEqual([]);
	});

	it('reads 2-, 3- and 5-field metric lines, nan/inf spellings and nested keys; latest by (step, timestamp, value)', async () => {
		const root = tempStore();
		const dir = writeExperiment(root, '1', EXP_META('1', 'quirks'));
		writeRun(dir, 'a'.repeat(32), {
			meta: runMeta({runId: 'a'.repeat(32), experimentId: '1'}),
			metrics: {
				legacy: '1700000000000 0.5\n1700000000001 0.25\n',
				'train/loss': '1700000000000 2.0 0\n1700000000005 1.0 2\n1700000000009 9.0 1\n',
				nan: '1700000000000 nan 0\n1700000000001 inf 1\n1700000000002 -inf 2\n',
				withDataset: '1700000000000 0.1 3 eval-set abc123\n',
				tie: '1700000000000 0.3 5\n1700000000000 0.7 5\n1700000000000 0.5 5\n',
			},
		});
		const store = new FileStore(root);
		const [record] = await listRuns(store, '1');
		const latest = Object.fromEntries(record!.run.data.metrics.map((metric) => [metric.key, metric]));
		// Legacy lines have step 0: the later timestamp wins.
		expect(latest['legacy']).toMatchObject({value: 0.25, step: 0});
		// Max step wins, not the last line.
		expect(latest['train/loss']).toMatchObject({value: 1.0, step: 2});
		expect(latest['nan']!.value).toBe(Number.NEGATIVE_INFINITY);
		expect(record!.summaries['nan']).toMatchObject({nonFinite: true, min: undefined, max: undefined, count: 3});
		// MLflow's file store reads a dataset line's step as 0 (its bug, copied on purpose).
		expect(latest['withDataset']).toMatchObject({value: 0.1, step: 0, dataset_name: 'eval-set', dataset_digest: 'abc123'});
		// Same step and timestamp: the greatest value, as Python's max over tuples.
		expect(latest['tie']!.value).toBe(0.7);
		const history = await metricHistory(store, 'a'.repeat(32), 'nan');
		expect(history.map((metric) => metric.value)).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
	});

	it('writes NaN and infinities as MLflow\'s REST API does', () => {
		const root = tempStore();
		const dir = writeExperiment(root, '1', EXP_META('1', 'nan'));
		writeRun(dir, 'b'.repeat(32), {meta: runMeta({runId: 'b'.repeat(32), experimentId: '1'}), metrics: {x: '1700000000000 nan 0\n', y: '1700000000000 inf 0\n', z: '1700000000000 -inf 0\n'}});
		const history = runJson(['history', 'b'.repeat(32), 'x', '--store', root]);
		expect(history.metrics).toEqual([{key: 'x', value: 'NaN', timestamp: 1700000000000, step: 0, run_id: 'b'.repeat(32)}]);
		const run = runJson(['run', 'b'.repeat(32), '--store', root]).run;
		expect(run.data.metrics.map((metric: any) => metric.value).sort()).toEqual(['-Infinity', 'Infinity', 'NaN']);
	});

	it('handles 1.x runs: run name from the mlflow.runName tag, none at all, int experiment ids, missing lifecycle', async () => {
		const root = tempStore();
		const dir = writeExperiment(root, '3', 'artifact_location: ./mlruns/3\nexperiment_id: 3\nname: old\n');
		const old = (runId: string) => `artifact_uri: ./mlruns/3/${runId}/artifacts\nend_time: 1600000001000\nentry_point_name: ''\nexperiment_id: 3\nname: ''\nrun_id: ${runId}\nrun_uuid: ${runId}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1600000000000\nstatus: 3\ntags: []\nuser_id: bob\n`;
		writeRun(dir, 'c'.repeat(32), {meta: old('c'.repeat(32)), tags: {'mlflow.runName': 'from-tag'}});
		writeRun(dir, 'd'.repeat(32), {meta: old('d'.repeat(32))});
		const store = new FileStore(root);
		const [experiment] = await listExperiments(store);
		expect(experiment).toMatchObject({experiment_id: '3', lifecycle_stage: 'active'});
		expect(experiment!.creation_time).toBeUndefined();
		const runs = new Map((await listRuns(store, '3')).map((record) => [record.run.info.run_id, record.run.info]));
		expect(runs.get('c'.repeat(32))).toMatchObject({run_name: 'from-tag', experiment_id: '3', status: 'FINISHED', lifecycle_stage: 'active', end_time: 1600000001000});
		expect(runs.get('d'.repeat(32))!.run_name).toBeUndefined();
	});

	it('maps every status int and reports unknown ones', async () => {
		const root = tempStore();
		const dir = writeExperiment(root, '1', EXP_META('1', 'statuses'));
		const ids = ['1', '2', '3', '4', '5', '9'].map((status) => {
			const runId = status.repeat(32);
			writeRun(dir, runId, {meta: runMeta({runId, experimentId: '1', status: Number(status)})});
			return runId;
		});
		const store = new FileStore(root);
		const statuses = new Map((await listRuns(store, '1')).map((record) => [record.run.info.run_id, record.run.info.status]));
		expect(ids.map((id) => statuses.get(id))).toEqual(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED', 'RUNNING']);
		expect(store.problems()).toEqual([expect.objectContaining({reason: 'unknown run status 9'})]);
	});

	it('never lets escape sequences from the store reach the terminal raw', () => {
		const root = tempStore();
		const evil = 'pwn\u001b]0;owned\u0007\u001b[2J\u009b31m';
		const dir = writeExperiment(root, '1', EXP_META('1', JSON.stringify(evil)));
		writeRun(dir, 'e'.repeat(32), {meta: runMeta({runId: 'e'.repeat(32), experimentId: '1', name: JSON.stringify(evil)}), params: {p: evil}, tags: {t: evil}});
		for (const args of [['experiments'], ['runs'], ['run', 'e'.repeat(32)]]) {
			for (const mode of [[], ['--json'], ['--csv']]) {
				const result = runCli([...args, ...mode, '--store', root]);
				expect(result.status, `${args} ${mode}`).toBe(0);
				expect(result.stdout, `${args} ${mode}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
			}
		}
		// JSON still round-trips to the exact value.
		expect(runJson(['run', 'e'.repeat(32), '--store', root]).run.data.params[0].value).toBe(evil);
	});

	it('re-bases artifact roots recorded on another machine onto the store', async () => {
		const root = tempStore();
		const dir = writeExperiment(root, '1', EXP_META('1', 'moved'));
		const runDir = writeRun(dir, 'f'.repeat(32), {meta: runMeta({runId: 'f'.repeat(32), experimentId: '1'})});
		writeFileSync(join(runDir, 'artifacts', 'model.txt'), 'weights');
		const listing = await new FileStore(root).listArtifacts('f'.repeat(32));
		expect(listing).toMatchObject({root_uri: `file:///elsewhere/mlruns/1/${'f'.repeat(32)}/artifacts`, rebased: true, local_path: join(runDir, 'artifacts')});
		expect(listing!.files).toEqual([{path: 'model.txt', is_dir: false, file_size: 7}]);
	});
});

describe('concurrent reads', () => {
	it('counts appended metric lines once when refreshes overlap', async () => {
		const {appendFileSync} = await import('node:fs');
		const root = tempStore();
		const dir = writeExperiment(root, '1', EXP_META('1', 'live'));
		const runDir = writeRun(dir, '9'.repeat(32), {meta: runMeta({runId: '9'.repeat(32), experimentId: '1', status: 1}), metrics: {loss: '1700000000000 1.0 0\n'}});
		const store = new FileStore(root);
		await listRuns(store, '1');
		appendFileSync(join(runDir, 'metrics', 'loss'), '1700000000001 0.5 1\n1700000000002 0.25 2\n');
		const results = await Promise.all([listRuns(store, '1'), listRuns(store, '1'), getRecord(store, '9'.repeat(32))]);
		for (const records of [results[0], results[1], [results[2]!]]) expect(records[0]!.summaries['loss']).toMatchObject({count: 3, maxStep: 2});
	});
});
