// Each screen's view on its own, given its data as props (no store, no App): what a
// person sees for a given model, at a given size.

import {render} from 'ink-testing-library';
import React from 'react';
import {describe, expect, it} from 'vitest';
import {recordOf, type RunRecord} from '../../source/store/run-record.js';
import type {Experiment, MetricSummary, RegisteredModel, Run} from '../../source/store/types.js';
import {displayWidth} from '../../source/text/width.js';
import {compareTable} from '../../source/ui/model/compare-rows.js';
import {fitColumns} from '../../source/ui/model/fit-columns.js';
import {modelRows} from '../../source/ui/model/model-rows.js';
import {DEFAULT_SORT} from '../../source/ui/model/run-sort.js';
import {runsTableColumns} from '../../source/ui/model/runs-table.js';
import {runsView} from '../../source/ui/model/runs-view.js';
import {ArtifactView} from '../../source/ui/screens/artifact/ArtifactView.js';
import type {ArtifactModel} from '../../source/ui/screens/artifact/use-artifact-model.js';
import {CompareView} from '../../source/ui/screens/compare/CompareView.js';
import {initialCompare} from '../../source/ui/screens/compare/state.js';
import type {CompareModel} from '../../source/ui/screens/compare/use-compare-model.js';
import {RunDetailView} from '../../source/ui/screens/detail/RunDetailView.js';
import {initialDetail} from '../../source/ui/screens/detail/state.js';
import type {DetailModel} from '../../source/ui/screens/detail/use-detail-model.js';
import {ExperimentsView} from '../../source/ui/screens/experiments/ExperimentsView.js';
import type {ExperimentsModel} from '../../source/ui/screens/experiments/use-experiments-model.js';
import {healthLines} from '../../source/ui/screens/health/health-lines.js';
import {HelpView} from '../../source/ui/screens/help/HelpView.js';
import {ModelsView} from '../../source/ui/screens/models/ModelsView.js';
import type {ModelsModel} from '../../source/ui/screens/models/use-models-model.js';
import {RunsView} from '../../source/ui/screens/runs/RunsView.js';
import type {RunsModel} from '../../source/ui/screens/runs/use-runs-model.js';
import {WebUiPanel} from '../../source/ui/screens/webui/WebUiPanel.js';
import {makeTheme, ThemeContext} from '../../source/ui/theme.js';
import {stripAnsi} from './helpers/render-app.js';

const theme = makeTheme({ascii: false, env: {NO_COLOR: '1'}});
const NOW = Date.UTC(2026, 5, 1);

function frame(element: React.JSX.Element): string {
	const app = render(<ThemeContext.Provider value={theme}>{element}</ThemeContext.Provider>);
	const text = stripAnsi(app.lastFrame() ?? '');
	app.unmount();
	return text;
}

function widest(text: string): number {
	return Math.max(...text.split('\n').map(displayWidth));
}

function summary(key: string, values: number[]): MetricSummary {
	const last = values[values.length - 1]!;
	return {key, latest: {key, value: last, timestamp: NOW, step: values.length - 1}, min: Math.min(...values), max: Math.max(...values), count: values.length, minStep: 0, maxStep: values.length - 1, firstTimestamp: NOW, lastTimestamp: NOW, sample: values, nonFinite: false};
}

function run(id: string, name: string, params: Record<string, string>, experiment = '1'): Run {
	return {
		info: {run_uuid: id, run_id: id, run_name: name, experiment_id: experiment, user_id: 'alice', status: 'FINISHED', start_time: NOW - 60_000, end_time: NOW, lifecycle_stage: 'active'},
		data: {metrics: [], params: Object.entries(params).map(([key, value]) => ({key, value})), tags: []},
		inputs: {dataset_inputs: [], model_inputs: []},
		outputs: {model_outputs: []},
	};
}

const records: RunRecord[] = [
	recordOf(run('a'.repeat(32), 'sgd-run', {optimizer: 'SGD', lr: '0.01', epochs: '5'}), {loss: summary('loss', [0.9, 0.5, 0.3])}),
	recordOf(run('b'.repeat(32), 'adam-run', {optimizer: 'Adam', lr: '0.001', epochs: '5'}, '2'), {loss: summary('loss', [0.8, 0.6, 0.4])}),
];
const experiment: Experiment = {experiment_id: '1', name: 'vision', artifact_location: '', lifecycle_stage: 'active', tags: []} as unknown as Experiment;

function runsModel(width: number, search = ''): RunsModel {
	const view = runsView(records, {filter: search, sort: DEFAULT_SORT, folded: [], now: NOW});
	const columns = runsTableColumns({rows: view.rows, view, marks: new Set(), theme, now: NOW});
	const fit = fitColumns(columns.map((column) => column.spec), width - 1, 0);
	return {experiment, experimentsLoaded: true, runs: {loading: false, loaded: true}, records, view, ids: view.rows.map((row) => row.id), index: 0, search, searchInfo: {matching: view.matching, total: view.total, noun: 'runs', kind: view.queryKind}, sort: DEFAULT_SORT, showDeleted: false, now: NOW, columns, fit, maxColumnScroll: 0, page: 10};
}

describe('screen views, given their data', () => {
	it('experiments: names and counts, and the search that narrowed them', () => {
		const model: ExperimentsModel = {loaded: true, list: [experiment], ids: ['1'], deletedCount: 1, showDeleted: false, stats: new Map([['1', {active: 2, running: 0}]]), index: 0, page: 10, selected: experiment, search: 'vis', searchInfo: {matching: 1, total: 3, noun: 'experiments', kind: 'text'}, now: NOW};
		const text = frame(<ExperimentsView model={model} width={60} height={8} focused />);
		expect(text).toMatch(/Experiments\s+1 of 3 · 1 deleted hidden \(D\)/);
		expect(text).toContain('search: vis');
		expect(text).toMatch(/›vision\s+2/);
	});

	it('runs: the rows, the sort, and a name search above them', () => {
		const text = frame(<RunsView model={runsModel(80, 'sgd')} width={80} height={10} focused />);
		expect(text).toContain('Runs · vision');
		expect(text).toContain('1 of 2 runs');
		expect(text).toContain('search: sgd');
		expect(text).toContain('sgd-run');
		expect(text).not.toContain('adam-run');
		expect(widest(text)).toBeLessThanOrEqual(80);
	});

	it('run detail: a section narrowed by the search, with how many of how many', () => {
		const record = records[0]!;
		const model: DetailModel = {
			...initialDetail,
			tab: 'params',
			record,
			loading: false,
			marked: false,
			now: NOW,
			metrics: [],
			params: [{key: 'lr', value: '0.01'}],
			tags: [],
			hiddenSystemTags: 0,
			artifacts: {loading: false},
			artifactNodes: [],
			models: {loading: false},
			showChart: false,
			history: {loading: false},
			list: {id: 'detail:params', count: 1, index: 0, page: 10},
			search: 'lr',
			searchInfo: {matching: 1, total: 3, noun: 'params', kind: 'text'},
		};
		const text = frame(<RunDetailView model={model} width={80} height={12} focused />);
		expect(text).toContain('Run · sgd-run');
		expect(text).toContain('search: lr · 1 of 3');
		expect(text).toMatch(/›lr\s+0\.01/);
		expect(text).not.toContain('optimizer');
	});

	it('comparison: run columns grow with the width, so long experiment names show whole', () => {
		const names = new Map([['1', 'a rather long experiment name'], ['2', 'another long experiment name']]);
		const table = compareTable({records, diffOnly: true, directions: {}, experimentNames: names, now: NOW});
		const selectable = table.rows.filter((row) => row.kind !== 'section');
		const model: CompareModel = {...initialCompare, records, table, selectable, ids: selectable.map((row, at) => String(at)), index: 0, metricKeys: ['loss'], experimentNames: names, page: 20};
		const wide = frame(<CompareView model={model} width={160} height={20} focused />);
		expect(wide).toMatch(/experiment\s+a rather long experiment name\s+another long experiment name/);
		expect(wide).toMatch(/optimizer\s+SGD\s+Adam/);
		expect(wide).not.toMatch(/epochs/);
		const narrow = frame(<CompareView model={model} width={60} height={20} focused />);
		expect(widest(narrow)).toBeLessThanOrEqual(60);
	});

	it('models: each model with its versions, and what the search left', () => {
		const registered: RegisteredModel = {name: 'wine', creation_timestamp: NOW, last_updated_timestamp: NOW, aliases: [{alias: 'champion', version: '2'}], tags: [], versions: [{name: 'wine', version: '2', creation_timestamp: NOW, last_updated_timestamp: NOW, current_stage: 'Production', status: 'READY', run_id: 'c'.repeat(32), aliases: [], tags: []}]} as unknown as RegisteredModel;
		const rows = modelRows([registered]);
		const model: ModelsModel = {rows, ids: rows.map((_, at) => String(at)), index: 1, loading: false, total: 3, search: 'wi', searchInfo: {matching: 1, total: 3, noun: 'models', kind: 'text'}, page: 10};
		const text = frame(<ModelsView model={model} width={100} height={8} focused />);
		expect(text).toMatch(/1 of 3 models/);
		expect(text).toMatch(/›\s+v2\s+Production\s+@champion\s+cccccccc/);
	});

	it('help: every key from the keymap, long descriptions wrapped rather than cut at 80 columns', () => {
		const text = frame(<HelpView model={{scroll: 0, maxScroll: 0}} width={80} height={200} focused />);
		expect(text).toMatch(/y\s+copy the run's id \(run detail: the value under the\s*\n\s+cursor\)|y\s+copy the run's id \(run detail: the value under the cursor\)/);
		expect(text).not.toContain('…');
		expect(widest(text)).toBeLessThanOrEqual(80);
	});

	it('artifact: text lines with their facts; a binary file as its type and size', () => {
		const base = {runId: 'r', path: 'logs/train.log', count: 1, page: 10, scroll: 0, cutLines: false};
		const text: ArtifactModel = {...base, preview: {loading: false, value: {kind: 'text', type: 'log', size: 2048, lines: ['epoch 1', 'epoch 2'], truncated: false}}, lines: ['epoch 1', 'epoch 2']};
		const shown = frame(<ArtifactView model={text} width={60} height={8} focused />);
		expect(shown).toContain('Artifact · logs/train.log');
		expect(shown).toContain('log · 2.0 KB · 2 lines');
		expect(shown).toContain('epoch 2');
		const binary: ArtifactModel = {...base, path: 'model.pkl', preview: {loading: false, value: {kind: 'info', type: 'Python pickle', size: 123_000, why: 'binary: nothing to show as text'}}, lines: []};
		expect(frame(<ArtifactView model={binary} width={80} height={8} focused />)).toContain('Python pickle, 120 KB: binary: nothing to show as text.');
	});

	it("web UI: a tracking server's own address, and a run's page in pieces that fit", () => {
		const url = 'http://127.0.0.1:5000/#/experiments/596793538227028894/runs/36fef05cff0a4981b71e1f6e4be0a212';
		const server = frame(<WebUiPanel serverUrl="http://tracking.example:5000" opened={{label: 'adamaxtest', url}} width={50} height={12} focused links={false} />);
		expect(server).toContain('This store is a tracking server');
		expect(server).toContain('http://tracking.example:5000');
		expect(server).toContain('The page of run adamaxtest:');
		expect(server.replace(/\n\s*/g, '')).toContain(url);
		expect(widest(server)).toBeLessThanOrEqual(50);
	});

	it('health: a fix longer than the line wraps under its check instead of being cut', () => {
		const fix = 'export MLFLOW_TRACKING_URI=file:///home/someone/projects/a-long-project-name/mlruns && mlflow ui --port 5001';
		const report = {
			ok: false,
			summary: {ok: 0, warn: 1, fail: 0, skip: 0},
			mlflow: {installed: false},
			counts: {experiments: 1, deleted_experiments: 0, runs: 0, active_runs: 0, runs_by_status: {}},
			metrics: [],
			params: [],
			checks: [{id: 'x', title: 'Default store', status: 'warn', message: 'MLflow would use another store', fix}],
		} as never;
		const lines = healthLines(report, {width: 60, height: 40, ascii: false, now: NOW});
		const text = lines.map((line) => line.text).join('\n');
		// Every character of the command is there (a path longer than a line is split across two).
		expect(text.replace(/\s+/g, '')).toContain(`fix:${fix.replace(/\s+/g, '')}`);
		expect(text).toMatch(/fix: export MLFLOW_TRACKING_URI=/);
		for (const line of lines) expect(1 + (line.glyph?.length ?? 0) + line.text.length).toBeLessThanOrEqual(60);
	});
});
