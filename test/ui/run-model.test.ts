// The runs table's logic on real corpus runs: nesting and folding, which params earn a
// column, sorting, and the comparison matrix (diff only, best value, baseline deltas).

import {beforeAll, describe, expect, it} from 'vitest';
import type {RunRecord} from '../../source/store/run-record.js';
import {FileStore} from '../../source/store/file/file-store.js';
import {compareTable, formatDelta} from '../../source/ui/model/compare-rows.js';
import {fitColumns, type ColumnSpec} from '../../source/ui/model/fit-columns.js';
import {defaultDirection} from '../../source/ui/model/metric-direction.js';
import {metricKeysByUse, varyingParamKeys} from '../../source/ui/model/run-columns.js';
import {runLabel} from '../../source/ui/model/run-label.js';
import {compareRecords} from '../../source/ui/model/run-sort.js';
import {buildRunRows, treePrefix} from '../../source/ui/model/run-tree.js';
import {runsView} from '../../source/ui/model/runs-view.js';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {listRuns} from '../helpers/reads.js';

const QUICKSTART = '510851129115464979';
const PARENTS = ['74c9f6cc5b6249feaa53bdc7a1cabcda', '78d59864b7a743ce9674d1fea2abfa55'];

describe.skipIf(!hasCorpus)('runs table model on jeffc05 (18 runs, 2 parents with 8 children each)', () => {
	let records: RunRecord[] = [];
	beforeAll(async () => {
		records = await listRuns(new FileStore(corpusStore('jeffc05__learning_mlops')), QUICKSTART);
	});

	it('nests each child under its parent, and folding hides the children', () => {
		const rows = buildRunRows(records, new Set());
		expect(rows).toHaveLength(18);
		expect(rows.filter((row) => row.depth === 0).map((row) => row.id).sort()).toEqual(PARENTS);
		for (const parent of PARENTS) expect(rows.find((row) => row.id === parent)!.childCount).toBe(8);
		const folded = buildRunRows(records, new Set([PARENTS[0]!]));
		expect(folded).toHaveLength(10);
		expect(folded.find((row) => row.id === PARENTS[0])!.folded).toBe(true);
	});

	it('draws the tree with the last child closing the branch', () => {
		const rows = buildRunRows(records, new Set());
		const glyphs = {branch: '├─', lastBranch: '└─', pipe: '│'};
		const children = rows.filter((row) => row.depth === 1);
		expect(children.filter((row) => treePrefix(row, glyphs) === '└─ ')).toHaveLength(2);
		expect(children.filter((row) => treePrefix(row, glyphs) === '├─ ')).toHaveLength(14);
	});

	it('keeps a child whose parent is filtered out, at the top level', () => {
		const view = runsView(records, {filter: `attributes.run_id != '${PARENTS[0]}'`, sort: {field: {kind: 'start'}, descending: true}, folded: [], now: Date.now()});
		expect(view.rows).toHaveLength(17);
		expect(view.rows.filter((row) => row.depth === 0)).toHaveLength(9);
	});

	it('shows lr and momentum (they vary) and eval_rmse as the primary metric', () => {
		expect(varyingParamKeys(records)).toEqual(['lr', 'momentum']);
		expect(metricKeysByUse(records)[0]).toBe('eval_rmse');
	});

	it('sorts by a metric with the best first, and by a param numerically', () => {
		const byRmse = [...records].sort(compareRecords({field: {kind: 'metric', key: 'eval_rmse'}, descending: false}));
		const values = byRmse.map((record) => record.summaries['eval_rmse']!.latest.value);
		expect(values).toEqual([...values].sort((a, b) => a - b));
		expect(values[0]).toBeCloseTo(0.7257640361785889);
		const byLr = [...records].sort(compareRecords({field: {kind: 'param', key: 'lr'}, descending: true}));
		const lrs = byLr.map((record) => Number(record.run.data.params.find((param) => param.key === 'lr')!.value));
		expect(lrs).toEqual([...lrs].sort((a, b) => b - a));
	});

	it('reports a bad filter instead of throwing, and still lists the runs', () => {
		const view = runsView(records, {filter: 'metrics.eval_rmse >', sort: {field: {kind: 'start'}, descending: true}, folded: [], now: Date.now()});
		expect(view.filterError?.message).toMatch(/value/);
		expect(view.rows).toHaveLength(18);
	});
});

describe.skipIf(!hasCorpus)('comparison of Dan-Irl runs (105 params each)', () => {
	let records: RunRecord[] = [];
	beforeAll(async () => {
		const all = await listRuns(new FileStore(corpusStore('Dan-Irl__mlflow-testing')), '596793538227028894');
		records = ['sgdtest3', 'adamtest'].map((name) => all.find((record) => runLabel(record.run) === name)!);
	});

	const input = (overrides: Partial<Parameters<typeof compareTable>[0]> = {}) => ({records, diffOnly: true, directions: {}, experimentNames: new Map(), now: Date.now(), ...overrides});

	it('shows only the params that differ, unless asked for all', () => {
		const diff = compareTable(input());
		const params = diff.rows.filter((row) => row.kind === 'param');
		expect(diff.params).toBe(105);
		expect(params.map((row) => row.key)).toContain('optimizer');
		expect(params.length).toBe(diff.differingParams);
		expect(params.length).toBeLessThan(10);
		expect(compareTable(input({diffOnly: false})).rows.filter((row) => row.kind === 'param')).toHaveLength(105);
	});

	it('marks the best value per metric, lower for losses and higher otherwise, and can flip it', () => {
		const table = compareTable(input());
		const metric = (key: string) => table.rows.find((row) => row.kind === 'metric' && row.key === key) as Extract<(typeof table.rows)[number], {kind: 'metric'}>;
		const map = metric('metrics/mAP50-95B');
		expect(map.direction).toBe('higher');
		expect(map.best).toBe(Math.max(...(map.values as number[])));
		const loss = metric('train/box_loss');
		expect(loss.direction).toBe('lower');
		expect(loss.best).toBe(Math.min(...(loss.values as number[])));
		const flipped = compareTable(input({directions: {'train/box_loss': 'higher'}}));
		const flippedLoss = flipped.rows.find((row) => row.kind === 'metric' && row.key === 'train/box_loss') as typeof loss;
		expect(flippedLoss.best).toBe(Math.max(...(loss.values as number[])));
	});

	it('gives deltas against a pinned baseline', () => {
		const baselineId = records[0]!.run.info.run_id;
		const table = compareTable(input({baselineId}));
		expect(table.baseline).toBe(0);
		const row = table.rows.find((candidate) => candidate.kind === 'metric' && candidate.key === 'metrics/mAP50-95B') as Extract<(typeof table.rows)[number], {kind: 'metric'}>;
		expect(row.deltas![0]).toBeUndefined();
		expect(row.deltas![1]).toBeCloseTo(row.values[1]! - row.values[0]!);
	});
});

describe('small rules', () => {
	it('knows which metrics are better low', () => {
		for (const key of ['loss', 'val/box_loss', 'eval_rmse', 'mae', 'test-rmse', 'perplexity', 'error_rate', 'l2.valid']) expect(defaultDirection(key)).toBe('lower');
		for (const key of ['accuracy', 'metrics/mAP50-95B', 'dev_F1', 'r2_adj', 'auc']) expect(defaultDirection(key)).toBe('higher');
	});

	it('formats deltas with a sign', () => {
		expect(formatDelta(0.0412345)).toBe('+0.0412');
		expect(formatDelta(-0.5)).toBe('-0.5');
		expect(formatDelta(0)).toBe('±0');
	});

	it('never makes a row wider than the width, whatever the columns', () => {
		const specs: ColumnSpec[] = [
			{id: 'mark', header: '', ideal: 1, min: 1, frozen: true},
			{id: 'name', header: 'NAME', ideal: 60, min: 10, frozen: true, flex: true},
			...Array.from({length: 30}, (_, i) => ({id: `c${i}`, header: `col${i}`, ideal: 5 + (i % 9), min: 4})),
		];
		for (const width of [20, 40, 80, 120, 200]) {
			for (const scroll of [0, 3, 29, 50]) {
				const fit = fitColumns(specs, width, scroll);
				const total = fit.columns.reduce((sum, column) => sum + column.width, 0) + (fit.columns.length - 1);
				expect(total).toBeLessThanOrEqual(width);
				expect(fit.columns.map((column) => column.id)).toContain('name');
			}
		}
	});
});
