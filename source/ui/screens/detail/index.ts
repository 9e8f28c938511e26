// The run detail as a module (see ../screen.ts).

import {runId, runLabel} from '../../model/run-label.js';
import {defineScreen} from '../screen.js';
import {detailKeys} from './keys.js';
import {RunDetailView} from './RunDetailView.js';
import {openRun} from './state.js';
import {useDetailModel, type DetailModel} from './use-detail-model.js';

export const detailScreen = defineScreen<DetailModel>({
	id: 'detail',
	title: 'Run',
	contexts: ['detail'],
	parent: 'runs',
	cycle: true,
	useModel: useDetailModel,
	View: RunDetailView,
	list: (model) => model.list,
	keys: detailKeys,
	unavailable: (context) => {
		const model = context.models['detail'] as DetailModel | undefined;
		return model?.record || context.state.detail.runId !== undefined || (context.models['runs'] as {selectedRow?: unknown} | undefined)?.selectedRow ? undefined : 'No run selected: pick one in the runs pane.';
	},
	onFocus: (context) => {
		if (context.state.detail.runId === undefined) for (const event of openRun()) context.dispatch(event);
	},
	search: {list: 'detail', grammar: false},
	searchInfo: (model) => model.searchInfo,
	selectedRun: (model) => (model.record ? {runId: runId(model.record.run), experimentId: model.record.run.info.experiment_id, label: runLabel(model.record.run)} : undefined),
	hints: () => [['next-tab', 'detail', 'section'], ['open', 'detail', 'chart/preview'], ['copy', 'global', 'copy'], ['mark', 'detail', 'mark'], ['back', 'global', 'back'], ['help', 'global', 'help']],
});
