// The comparison's keys, and those of its chart of one metric across the runs.

import {runLabel} from '../../model/run-label.js';
import {resolveCursor} from '../../state/state.js';
import {openRun} from '../detail/state.js';
import type {ActionContext, Keys} from '../screen.js';
import type {CompareModel} from './use-compare-model.js';

function selectedRow(context: ActionContext, model: CompareModel) {
	return model.selectable[resolveCursor(context.state.cursors['compare'], model.selectable.length, model.ids)];
}

function cycleChartMetric(context: ActionContext, model: CompareModel, step: number): void {
	const keys = model.metricKeys;
	if (keys.length === 0) return;
	const at = keys.indexOf(context.state.compare.chartMetric ?? '');
	const next = keys[(Math.max(0, at) + step + keys.length) % keys.length]!;
	context.dispatch({type: 'patch', slice: 'compare', patch: {chartMetric: next}});
}

export const compareKeys: Keys<CompareModel> = {
	'prev-column': (context) => context.dispatch({type: 'patch', slice: 'compare', patch: {column: Math.max(0, context.state.compare.column - 1)}}),
	'next-column': (context) => context.dispatch({type: 'patch', slice: 'compare', patch: {column: Math.min(context.state.marks.length - 1, context.state.compare.column + 1)}}),
	'diff-only': (context) => {
		const diffOnly = !context.state.compare.diffOnly;
		context.dispatch({type: 'patch', slice: 'compare', patch: {diffOnly}});
		context.flash(diffOnly ? 'Params: only those that differ.' : 'Params: all.');
	},
	baseline: (context) => {
		const mark = context.state.marks[context.state.compare.column];
		if (!mark) return;
		if (context.state.compare.baselineId === mark.id) {
			context.dispatch({type: 'patch', slice: 'compare', patch: {baselineId: undefined}});
			return context.flash('Baseline unpinned.');
		}
		context.dispatch({type: 'patch', slice: 'compare', patch: {baselineId: mark.id}});
		context.flash(`Baseline: ${runLabel(mark.record.run)}; metrics show deltas against it.`);
	},
	'flip-direction': (context, model) => {
		const row = selectedRow(context, model);
		if (row?.kind !== 'metric') return context.flash('Move to a metric row to flip which way is better.', 'warn');
		const next = row.direction === 'lower' ? 'higher' : 'lower';
		context.dispatch({type: 'patch', slice: 'compare', patch: {directions: {...context.state.compare.directions, [row.key]: next}}});
		context.flash(`${row.key}: ${next} is better.`);
	},
	open: (context, model) => {
		const row = selectedRow(context, model);
		if (row?.kind === 'metric') return context.dispatch({type: 'patch', slice: 'compare', patch: {view: 'chart', chartMetric: row.key}});
		const mark = context.state.marks[context.state.compare.column];
		if (!mark) return;
		for (const event of openRun(mark.id)) context.dispatch(event);
		context.dispatch({type: 'focus', pane: 'detail', remember: true});
	},
	'drop-run': (context) => {
		const mark = context.state.marks[context.state.compare.column];
		if (!mark) return;
		context.dispatch({type: 'unmark', id: mark.id});
		if (context.state.marks.length - 1 < 2) {
			context.dispatch({type: 'back', fallback: 'runs'});
			context.flash('Fewer than two runs marked: comparison closed.');
		}
	},
	'x-axis': (context) => {
		const xAxis = context.state.compare.xAxis === 'step' ? 'time' : 'step';
		context.dispatch({type: 'patch', slice: 'compare', patch: {xAxis}});
		context.flash(`Charts against ${xAxis === 'step' ? 'step' : 'time since each run started'}.`);
	},
	'prev-chart-metric': (context, model) => cycleChartMetric(context, model, -1),
	'next-chart-metric': (context, model) => cycleChartMetric(context, model, 1),
	back: (context) => {
		if (!context.state.overlay && context.state.compare.view === 'chart') return context.dispatch({type: 'patch', slice: 'compare', patch: {view: 'table'}});
		return 'pass';
	},
	compare: (context) => {
		// c again: back to the table.
		context.dispatch({type: 'patch', slice: 'compare', patch: {view: 'table'}});
	},
};
