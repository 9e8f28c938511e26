// The facts listed in ../shared/corpus/README.md, checked against mlwatch's reader on
// eight real mlruns trees (0.x to 3.x) read in place.

import {describe, expect, it} from 'vitest';
import {FileStore} from '../../source/store/file/file-store.js';
import type {RunRecord} from '../../source/store/run-record.js';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {metricHistory, listExperiments, listRuns} from '../helpers/reads.js';

const open = (entry: string) => new FileStore(corpusStore(entry));

async function runsById(store: FileStore, experimentId: string, view: 'ACTIVE_ONLY' | 'ALL' = 'ACTIVE_ONLY'): Promise<Map<string, RunRecord>> {
	return new Map((await listRuns(store, experimentId, view)).map((record) => [record.run.info.run_id, record]));
}

const latest = (record: RunRecord | undefined, key: string) => record?.run.data.metrics.find((metric) => metric.key === key)?.value;
const param = (record: RunRecord | undefined, key: string) => record?.run.data.params.find((entry) => entry.key === key)?.value;
const tag = (record: RunRecord | undefined, key: string) => record?.run.data.tags.find((entry) => entry.key === key)?.value;
const parentOf = (record: RunRecord) => tag(record, 'mlflow.parentRunId');

describe.skipIf(!hasCorpus)('corpus facts', () => {
	it('jeffc05__learning_mlops (late 2.x): experiments, runs, deleted run, nested runs, datasets, registry', async () => {
		const store = open('jeffc05__learning_mlops');
		const experiments = await listExperiments(store);
		expect(experiments.map((experiment) => [experiment.experiment_id, experiment.name]).sort()).toEqual([
			['0', 'Default'],
			['147147490760873818', 'MLflow Tracking with Autologging'],
			['362384849295753269', 'MLflow Tracking Quickstart'],
			['510851129115464979', 'MLflow Run Comparison Quickstart'],
		]);
		const counts = await Promise.all(['0', '147147490760873818', '362384849295753269', '510851129115464979'].map(async (id) => (await listRuns(store, id)).length));
		expect(counts).toEqual([1, 1, 1, 18]);

		const all = await runsById(store, '0', 'ALL');
		const deleted = all.get('f86acaeef9e34f068f00e9602b124b1a')!;
		expect(deleted.run.info).toMatchObject({run_name: 'amazing-hog-791', status: 'FAILED', lifecycle_stage: 'deleted'});
		expect(deleted.run.data.metrics).toEqual([]);

		const comparison = [...(await runsById(store, '510851129115464979')).values()];
		const children = (parent: string) => comparison.filter((record) => parentOf(record) === parent).length;
		expect(children('74c9f6cc5b6249feaa53bdc7a1cabcda')).toBe(8);
		expect(children('78d59864b7a743ce9674d1fea2abfa55')).toBe(8);
		for (const record of comparison) {
			expect(record.run.data.metrics.map((metric) => metric.key)).toEqual(['eval_rmse']);
			expect(record.run.data.params.map((entry) => entry.key).sort()).toEqual(['lr', 'momentum']);
		}
		expect(latest(comparison.find((record) => record.run.info.run_id === '74c9f6cc5b6249feaa53bdc7a1cabcda'), 'eval_rmse')).toBe(0.7257640361785889);

		const boar = all.get('ba59cadc6e3c457a92c8326c01bf342c')!;
		expect(boar.run.info.run_name).toBe('big-boar-345');
		expect(latest(boar, 'training_r2_score')).toBe(0.7810553783239933);
		expect(latest(boar, 'training_mean_squared_error')).toBe(1296.91326371287);
		expect(boar.summaries['training_r2_score']).toMatchObject({count: 1, minStep: 0, maxStep: 0});
		expect(boar.run.data.metrics).toHaveLength(5);
		expect(boar.run.data.params).toHaveLength(18);
		expect(boar.run.inputs.dataset_inputs).toHaveLength(1);
		expect(boar.run.inputs.dataset_inputs[0]!.dataset.digest).toBe('25b61c5b');
		expect(boar.run.inputs.dataset_inputs[0]!.tags).toEqual([{key: 'mlflow.data.context', value: 'train'}]);

		const quickstart = await runsById(store, '362384849295753269');
		const sow = quickstart.get('79df3d6ec3594837a616b7766597e2fe')!;
		expect(sow.run.info.run_name).toBe('suave-sow-132');
		expect(latest(sow, 'accuracy')).toBe(1.0);
		expect(Object.fromEntries(sow.run.data.params.map((entry) => [entry.key, entry.value]))).toMatchObject({max_iter: '1000', random_state: '42', solver: 'lbfgs'});
		expect(tag(sow, 'Training Info')).toBe('Basic LR model for iris data');

		const models = await store.searchRegisteredModels();
		expect(models.map((model) => model.name)).toEqual(['tracking-quickstart', 'wine-quality']);
		const wine = models[1]!;
		expect(wine.versions.map((version) => version.version)).toEqual(['1', '2']);
		expect(wine.aliases.sort((a, b) => a.alias.localeCompare(b.alias))).toEqual([
			{alias: 'challenger', version: '2'},
			{alias: 'champion', version: '1'},
		]);
		// The alias files win over `aliases: []` in the version meta.yaml.
		expect(wine.versions[0]!.aliases).toEqual(['champion']);
		expect(wine.versions.every((version) => version.current_stage === 'None')).toBe(true);
	});

	it('Rajamohannaidu (3.x): failed runs, duplicate lines, logged models with 4-field lines, registry', async () => {
		const store = open('Rajamohannaidu__End-to-End-MLOps-Bootcamp');
		const experiments = await listExperiments(store);
		expect(experiments.map((experiment) => experiment.experiment_id).sort()).toEqual(['0', '573092670092488845']);
		expect(experiments.find((experiment) => experiment.name === 'wine-quality')!.tags).toContainEqual({key: 'mlflow.experimentKind', value: 'custom_model_development'});
		const runs = await runsById(store, '573092670092488845');
		expect(runs.size).toBe(8);
		const statuses = [...runs.values()].map((record) => record.run.info.status);
		expect(statuses.filter((status) => status === 'FINISHED')).toHaveLength(5);
		expect(statuses.filter((status) => status === 'FAILED')).toHaveLength(3);
		const parent = runs.get('269000aff23a48129be109b55513492a')!;
		expect(parent.run.info.run_name).toBe('brawny-horse-727');
		expect([...runs.values()].filter((record) => parentOf(record) === parent.run.info.run_id)).toHaveLength(4);
		expect(latest(parent, 'eval_rmse')).toBe(0.7201569676399231);
		expect(parent.summaries['eval_rmse']).toMatchObject({count: 2, minStep: 0, maxStep: 0});
		expect(param(parent, 'lr')).toBe('0.06993399541400645');
		expect(latest(runs.get('24f769b4c9f7483695d54c2b530ab480'), 'eval_rmse')).toBe(0.759475827217102);

		const models = await store.searchLoggedModels(['573092670092488845']);
		expect(models.map((model) => model.info.model_id).sort()).toEqual([
			'm-077ca81d426643fa9d4cca2801b32669',
			'm-08ba8c836642435d8af52400bd943dce',
			'm-237cdc0649db4d3c9b1c5a8f9af673fd',
			'm-a15b38e1c6b14fefbba99f9ddd6a365f',
			'm-b422b609a08e4522b3490f28b136a866',
		]);
		const final = models.find((model) => model.info.model_id === 'm-237cdc0649db4d3c9b1c5a8f9af673fd')!;
		expect(final.data.metrics).toEqual([{key: 'eval_rmse', value: 0.7201569676399231, timestamp: 1764487113733, step: 0, run_id: '269000aff23a48129be109b55513492a'}]);
		const linked = [...runs.values()].flatMap((record) => record.run.outputs.model_outputs.map((output) => output.model_id));
		expect(linked.sort()).toEqual(models.map((model) => model.info.model_id).sort());

		const registry = await store.searchRegisteredModels();
		// MLflow's ModelVersion carries the logged model only through its source URI.
		expect(registry.map((model) => [model.name, model.versions[0]!.source, model.versions[0]!.run_id])).toEqual([
			['finalmodel', 'models:/m-237cdc0649db4d3c9b1c5a8f9af673fd', '269000aff23a48129be109b55513492a'],
			['wine-quality', 'models:/m-077ca81d426643fa9d4cca2801b32669', expect.stringMatching(/^c29658ad/)],
		]);
	});

	it('stock-quant (recent 3.x, Windows paths): all named mlflow_recorder, dotted keys, long history', async () => {
		const store = open('1234525344__stock-quant');
		const experiments = await listExperiments(store);
		expect(experiments.map((experiment) => [experiment.experiment_id, experiment.name]).sort()).toEqual([
			['0', 'Default'],
			['127694301877723077', 'Experiment'],
			['259453113964109221', 'qlib_baseline_v2'],
		]);
		const first = await runsById(store, '127694301877723077');
		const second = await runsById(store, '259453113964109221');
		const all = [...first.values(), ...second.values()];
		expect(all).toHaveLength(10);
		expect(new Set(all.map((record) => record.run.info.run_name))).toEqual(new Set(['mlflow_recorder']));
		expect(all.filter((record) => record.run.info.status === 'FAILED')).toHaveLength(7);
		const run = first.get('2ce7828bf35a485387518863a5590c0e')!;
		expect(run.summaries['l2.train']).toMatchObject({count: 300, minStep: 0, maxStep: 299});
		expect(latest(run, 'l2.train')).toBe(0.9495195918668536);
		expect(latest(run, 'l2.valid')).toBe(0.9833131288491375);
		expect(param(run, 'cmd-sys.argv')).toBe('python/qlib_service.py train --model-name csi300_lgb_v1 --market csi300 --model-type lgb');
		// `file:C:\Users\...` does not exist here; the artifacts are found beside the run.
		const artifacts = await store.listArtifacts('2ce7828bf35a485387518863a5590c0e');
		expect(artifacts?.rebased).toBe(true);
		expect(artifacts?.files.map((file) => file.path)).toEqual(['code_cached.txt', 'code_diff.txt', 'code_status.txt']);
	});

	it('Shinra2022 (1.x): nameless RUNNING run with 13,522-point histories', async () => {
		const store = open('keimoriyama__Shinra2022');
		const runs = await runsById(store, '0');
		const run = runs.get('a00d448b2aae4e6f8ab979698633fca9')!;
		expect(run.run.info.status).toBe('RUNNING');
		expect(run.run.info.end_time).toBeUndefined();
		expect(run.run.info.run_name).toBeUndefined();
		expect(run.run.data.params).toEqual([]);
		expect(run.run.data.tags.map((entry) => entry.key).sort()).toEqual(['mlflow.source.name', 'mlflow.source.type', 'mlflow.user']);
		expect(Object.keys(run.summaries).sort()).toEqual(['dev_F1', 'dev_Prec', 'dev_Rec', 'loss_attribute_extraction', 'train_F1', 'train_Prec', 'train_Rec']);
		expect(run.summaries['loss_attribute_extraction']).toMatchObject({count: 13522, minStep: 10, maxStep: 135220});
		expect(latest(run, 'loss_attribute_extraction')).toBe(0.034396990574896334);
		expect(latest(run, 'train_F1')).toBe(22.10369106037977);
		expect(run.summaries['dev_F1']).toMatchObject({count: 135, minStep: 1000, maxStep: 135000});
		expect(latest(run, 'dev_F1')).toBe(19.068938627987585);
		// The sparkline sample stays small however long the history is.
		expect(run.summaries['loss_attribute_extraction']!.sample.length).toBeLessThanOrEqual(128);
		const history = await metricHistory(store, run.run.info.run_id, 'loss_attribute_extraction');
		expect(history).toHaveLength(13522);
		expect(history[0]!.value).toBe(1.0277644395828247);
	});

	it('mlflow-tracing (3.x): deleted runs, traces by state, logged models, runless experiment', async () => {
		const store = open('rajwaitu__mlflow-tracing');
		const experiments = await listExperiments(store);
		expect(experiments.map((experiment) => experiment.experiment_id).sort()).toEqual(['0', '243290265298542037', '247844315413025522', '400650810464281348']);
		const expected = {
			'243290265298542037': {active: 2, deleted: 3, traces: 4, models: 5},
			'247844315413025522': {active: 1, deleted: 4, traces: 1, models: 5},
			'400650810464281348': {active: 0, deleted: 0, traces: 1, models: 0},
		};
		for (const [id, want] of Object.entries(expected)) {
			const all = await listRuns(store, id, 'ALL');
			expect(all.filter((record) => record.run.info.lifecycle_stage === 'active')).toHaveLength(want.active);
			expect(all.filter((record) => record.run.info.lifecycle_stage === 'deleted')).toHaveLength(want.deleted);
			expect((await store.getTraceSummary(id)).total).toBe(want.traces);
			expect(await store.searchLoggedModels([id])).toHaveLength(want.models);
			for (const record of all) expect(record.run.outputs.model_outputs).toHaveLength(1);
		}
		expect((await store.getTraceSummary('243290265298542037')).byState).toEqual({OK: 2, ERROR: 2});
		const active = await runsById(store, '243290265298542037');
		expect([...active.values()].map((record) => record.run.info.run_name).sort()).toEqual(['nebulous-steed-775', 'useful-deer-183']);
	});

	it('Dan-Irl (2.x, YOLOv8): nested metric keys, 105 params, a step logged twice', async () => {
		const store = open('Dan-Irl__mlflow-testing');
		expect((await listExperiments(store)).find((experiment) => experiment.experiment_id === '596793538227028894')?.name).toBe('/Shared/YOLOv8');
		const runs = await runsById(store, '596793538227028894');
		expect([...runs.values()].map((record) => record.run.info.run_name).sort()).toEqual(['adamaxtest', 'adamtest', 'sgdtest3', 'testrun1']);
		for (const record of runs.values()) {
			expect(record.run.data.metrics).toHaveLength(13);
			expect(record.run.data.params).toHaveLength(105);
		}
		const sgd = runs.get('2131d384168c44b4ad18ca0899fcd51d')!;
		expect(Object.keys(sgd.summaries)).toContain('metrics/mAP50-95B');
		expect(sgd.summaries['metrics/mAP50-95B']).toMatchObject({count: 6, minStep: 0, maxStep: 4});
		expect(latest(sgd, 'metrics/mAP50-95B')).toBe(0.2908161901572039);
		expect(latest(sgd, 'train/box_loss')).toBe(1.64043);
		const history = await metricHistory(store, '2131d384168c44b4ad18ca0899fcd51d', 'metrics/mAP50-95B');
		expect(history).toHaveLength(6);
	});

	it('DATAMINING_PARCIAL1 (1.30 era): .trash experiments are deleted whatever meta.yaml says', async () => {
		const store = open('exequielnv__DATAMINING_PARCIAL1');
		expect((await listExperiments(store)).map((experiment) => [experiment.experiment_id, experiment.name]).sort()).toEqual([
			['0', 'Default'],
			['5', 'lasso'],
			['6', 'best_subset'],
			['7', 'ridge'],
			['8', 'tree'],
		]);
		const deleted = (await listExperiments(store, 'DELETED_ONLY')).map((experiment) => [experiment.experiment_id, experiment.name, experiment.lifecycle_stage]).sort();
		expect(deleted).toEqual([
			['1', 'best_subset_selection_FINAL', 'deleted'],
			['2', 'ridge_FINAL', 'deleted'],
			['3', 'lasso_FINAL', 'deleted'],
			['4', 'lasso_FINAL_2', 'deleted'],
		]);
		const counts = await Promise.all(['0', '5', '6', '7', '8'].map(async (id) => {
			const all = await listRuns(store, id, 'ALL');
			return [all.filter((record) => record.run.info.lifecycle_stage === 'active').length, all.filter((record) => record.run.info.lifecycle_stage === 'deleted').length];
		}));
		expect(counts).toEqual([[0, 4], [2, 0], [1, 0], [2, 0], [0, 3]]);
		const mouse = (await runsById(store, '8', 'ALL')).get('d6f9488e8dc345c3ba44a74f13afd994')!;
		expect(mouse.run.info).toMatchObject({run_name: 'clumsy-mouse-711', status: 'RUNNING', lifecycle_stage: 'deleted'});
		const hawk = (await runsById(store, '5')).get('acd2fca07afb40f6bf2f30c690bfba23')!;
		expect(hawk.run.info.run_name).toBe('nosy-hawk-146');
		expect([latest(hawk, 'rmse'), latest(hawk, 'mse'), latest(hawk, 'r2_adj'), latest(hawk, 'PriceValueTruncDown'), latest(hawk, 'PriceValueTruncUp')]).toEqual([0.10234463749234717, 0.010474424823439953, 0.8411557963606122, 5000.0, 19000.0]);
		expect(hawk.run.data.params).toEqual([]);
		expect(tag(hawk, 'DatasetSize')).toBe('1372');
		expect(tag(hawk, 'PercentageDataRemoved')).toBe('4.456824512534819');
		const summary = tag(hawk, 'Summary')!;
		// 31 newlines as `wc -l` counts them (the last line has none), kept verbatim.
		expect(summary.match(/\n/g)).toHaveLength(31);
		expect(Buffer.byteLength(summary)).toBe(2450);
	});

	it('SML-Assets (1.x): nameless runs, latest by (step, timestamp, value) not the last line', async () => {
		const store = open('ManuelS0usa__SML-Assets-Synthetic-Data');
		const expected: Record<string, [string, number]> = {
			'0': ['Default', 6], '1': ['TESTING EXERIMENTS', 2], '2': ['Logistic_regression', 4], '3': ['SVM', 15],
			'4': ['Bagging', 3], '5': ['Decision Trees', 2], '6': ['Random Forest', 2], '7': ['XGBoost', 2],
		};
		const experiments = await listExperiments(store);
		expect(Object.fromEntries(experiments.map((experiment) => [experiment.experiment_id, experiment.name]))).toEqual(Object.fromEntries(Object.entries(expected).map(([id, [name]]) => [id, name])));
		for (const [id, [, count]] of Object.entries(expected)) {
			const runs = await listRuns(store, id);
			expect(runs).toHaveLength(count);
			for (const record of runs) expect(record.run.info.run_name).toBeUndefined();
		}
		expect((await runsById(store, '4')).get('dddf7376dc564d8ea08f76ffe481da22')?.run.info.status).toBe('RUNNING');
		const svm = await runsById(store, '3');
		const parent = svm.get('8f17be42826a48c7816f327f3149ab81')!;
		const children = [...svm.values()].filter((record) => parentOf(record) === parent.run.info.run_id);
		expect(children.map((record) => record.run.info.run_id.slice(0, 8)).sort()).toEqual(['05004a8b', '1b0821c1', '892f4419', 'a3ef26db']);
		for (const child of children) {
			expect(child.run.data.metrics).toHaveLength(7);
			expect(child.run.data.params).toHaveLength(11);
		}
		expect(parent.run.data.metrics).toHaveLength(10);
		expect(parent.run.data.params).toHaveLength(33);
		expect(parent.summaries['test-rmse']).toMatchObject({count: 244, minStep: 0, maxStep: 96});
		expect(latest(parent, 'test-rmse')).toBe(133.061478);
		expect(parent.summaries['train-rmse']?.count).toBe(242);
		expect(latest(parent, 'train-rmse')).toBe(153.323029);
		expect(latest(parent, 'best_iteration')).toBe(85);
		const history = await metricHistory(store, parent.run.info.run_id, 'test-rmse');
		expect(history.at(-1)!.value).toBe(133.196198);
		expect(history[0]!.value).toBe(183.084183);
	});

	it('reports no problems on any healthy corpus store', async () => {
		for (const entry of ['jeffc05__learning_mlops', 'Rajamohannaidu__End-to-End-MLOps-Bootcamp', 'keimoriyama__Shinra2022', 'Dan-Irl__mlflow-testing', 'ManuelS0usa__SML-Assets-Synthetic-Data']) {
			const store = open(entry);
			for (const experiment of await listExperiments(store, 'ALL')) await listRuns(store, experiment.experiment_id, 'ALL');
			expect(store.problems(), entry).toEqual([]);
		}
	});
});
