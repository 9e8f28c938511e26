// The comparison as a module (see ../screen.ts).

import {runId, runLabel} from '../../model/run-label.js';
import {defineScreen} from '../screen.js';
import {CompareView} from './CompareView.js';
import {compareExport} from './export.js';
import {compareKeys} from './keys.js';
import {useCompareModel, type CompareModel} from './use-compare-model.js';

export const compareScreen = defineScreen<CompareModel>({
	id: 'compare',
	title: 'Compare',
	contexts: ['chart', 'compare'],
	activeContexts: (state) => (state.compare.view === 'chart' ? ['chart', 'compare'] : ['compare']),
	parent: 'runs',
	cycle: true,
	useModel: useCompareModel,
	View: CompareView,
	list: (model) => (model.view === 'chart' ? undefined : {id: 'compare', count: model.selectable.length, page: model.page, ids: model.ids, index: model.index}),
	keys: compareKeys,
	unavailable: (context) => (context.state.marks.length >= 2 ? undefined : `Mark at least two runs with Space to compare them (${context.state.marks.length} marked).`),
	onFocus: (context) => context.dispatch({type: 'patch', slice: 'compare', patch: {view: 'table'}}),
	selectedRun: (model) => {
		const record = model.records[model.column];
		return record ? {runId: runId(record.run), experimentId: record.run.info.experiment_id, label: runLabel(record.run)} : undefined;
	},
	exportTable: compareExport,
	hints: (state) =>
		state.compare.view === 'chart'
			? [['next-chart-metric', 'chart', 'metric'], ['x-axis', 'chart', 'step/time'], ['back', 'global', 'table'], ['help', 'global', 'help']]
			: [['open', 'compare', 'chart'], ['diff-only', 'compare', 'diff only'], ['baseline', 'compare', 'baseline'], ['flip-direction', 'compare', 'flip best'], ['next-column', 'compare', 'run'], ['export', 'global', 'export'], ['back', 'global', 'back'], ['help', 'global', 'help']],
});
