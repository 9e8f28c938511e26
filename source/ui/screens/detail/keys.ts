// The run detail's keys: sections, the chart, marking, Enter on an artifact (preview),
// and y for the value under the cursor.

import {join} from 'node:path';
import {copyValue} from '../shared-actions.js';
import {runId} from '../../model/run-label.js';
import {resolveCursor} from '../../state/state.js';
import {toggleMark} from '../runs/keys.js';
import type {ActionContext, Keys} from '../screen.js';
import {DETAIL_TABS, detailList, openRun, type DetailTab} from './state.js';
import type {DetailModel} from './use-detail-model.js';

function cursorIndex(context: ActionContext, model: DetailModel): number {
	return resolveCursor(context.state.cursors[model.list.id], model.list.count, model.list.ids);
}

function switchTab(context: ActionContext, step: number): void {
	const at = DETAIL_TABS.indexOf(context.state.detail.tab);
	const tab: DetailTab = DETAIL_TABS[(at + step + DETAIL_TABS.length) % DETAIL_TABS.length]!;
	context.dispatch({type: 'patch', slice: 'detail', patch: {tab, chartZoom: false}});
}

/** What y copies here: the value under the cursor, else the run's id. */
export function focusedValue(context: ActionContext, model: DetailModel): {text: string; what: string} | undefined {
	const record = model.record;
	if (!record) return undefined;
	const index = cursorIndex(context, model);
	switch (model.tab) {
		case 'metrics': {
			const summary = model.metrics[index];
			if (summary) return {text: String(summary.latest.value), what: `${summary.key}'s last value`};
			break;
		}
		case 'params':
		case 'tags': {
			const item = (model.tab === 'params' ? model.params : model.tags)[index];
			if (item) return {text: item.value, what: item.key};
			break;
		}
		case 'artifacts': {
			const node = model.artifactNodes[index];
			const root = model.artifacts.value?.localPath;
			if (node) return {text: root ? join(root, node.entry.path) : node.entry.path, what: 'the artifact path'};
			break;
		}
		case 'inputs': {
			const input = record.run.inputs.dataset_inputs[index];
			if (input) return {text: input.dataset.source, what: `${input.dataset.name}'s source`};
			break;
		}
		case 'models': {
			const logged = model.models.value?.logged[index];
			if (logged) return {text: logged.info.model_id, what: 'the model id'};
			break;
		}
	}
	return {text: runId(record.run), what: 'the run id'};
}

export const detailKeys: Keys<DetailModel> = {
	'prev-tab': (context) => switchTab(context, -1),
	'next-tab': (context) => switchTab(context, 1),
	open: (context, model) => {
		const {tab, chartZoom} = context.state.detail;
		if (tab === 'artifacts') {
			const node = model.artifactNodes[cursorIndex(context, model)];
			if (!node || !model.record) return context.flash('No artifact here.', 'warn');
			if (node.entry.is_dir) return context.flash('A folder: its files are listed under it.');
			context.dispatch({type: 'patch', slice: 'artifact', patch: {runId: runId(model.record.run), path: node.entry.path, size: node.entry.file_size}});
			context.dispatch({type: 'reset-cursors', prefix: 'artifact'});
			context.focus('artifact', true);
			return;
		}
		if (tab !== 'metrics') return context.flash('Enter charts a metric (metrics section) or previews a file (artifacts); h/l switch sections.', 'warn');
		if (model.metrics.length === 0) return context.flash('This run has no metrics to chart.', 'warn');
		context.dispatch({type: 'patch', slice: 'detail', patch: {chartZoom: !chartZoom}});
	},
	'x-axis': (context) => {
		const xAxis = context.state.detail.xAxis === 'step' ? 'time' : 'step';
		context.dispatch({type: 'patch', slice: 'detail', patch: {xAxis}});
		context.flash(`Charts against ${xAxis === 'step' ? 'step' : 'time since the run started'}.`);
	},
	'system-tags': (context) => {
		const show = !context.state.detail.showSystemTags;
		if (context.state.detail.tab !== 'tags') context.dispatch({type: 'reset-cursors', prefix: detailList('tags')});
		context.dispatch({type: 'patch', slice: 'detail', patch: {showSystemTags: show, tab: 'tags'}});
		context.flash(show ? 'Showing mlflow.* tags.' : 'mlflow.* tags hidden.');
	},
	mark: (context, model) => toggleMark(context, model.record),
	copy: (context, model) => {
		const value = focusedValue(context, model);
		if (!value) return 'pass';
		copyValue(context, value.text, value.what);
	},
	back: (context) => {
		if (context.state.overlay) return 'pass';
		if (context.state.detail.chartZoom) return context.dispatch({type: 'patch', slice: 'detail', patch: {chartZoom: false}});
		// Leaving the detail: next time it follows the runs cursor again.
		for (const event of openRun()) context.dispatch(event);
		return 'pass';
	},
};
