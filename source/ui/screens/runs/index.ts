// The runs screen as a module (see ../screen.ts).

import {runId, runLabel} from '../../model/run-label.js';
import {resolveCursor} from '../../state/state.js';
import {defineScreen} from '../screen.js';
import {runsExport} from './export.js';
import {runsKeys} from './keys.js';
import {RunsView} from './RunsView.js';
import {useRunsModel, type RunsModel} from './use-runs-model.js';

export const runsScreen = defineScreen<RunsModel>({
	id: 'runs',
	title: 'Runs',
	contexts: ['runs'],
	parent: 'experiments',
	cycle: true,
	useModel: useRunsModel,
	View: RunsView,
	list: (model, state) =>
		state.overlay?.kind === 'sort' && model.sortPicker
			? {id: 'sort', count: model.sortPicker.options.length, page: model.page, index: model.sortPicker.index}
			: {id: 'runs', count: model.view.rows.length, page: model.page, ids: model.ids, index: model.index},
	keys: runsKeys,
	unavailable: (context) => ((context.models['runs'] as RunsModel | undefined)?.experiment ? undefined : 'No experiment to show runs of.'),
	search: {list: 'runs', grammar: true},
	searchInfo: (model) => model.searchInfo,
	selectedRun: (model, state) => {
		// By the state's cursor: the model lags behind within a burst of keys ("jy").
		const cursor = state.cursors['runs'];
		const run = (cursor ? model.view.rows[resolveCursor(cursor, model.view.rows.length, model.ids)] : model.selectedRow)?.record.run;
		return run ? {runId: runId(run), experimentId: run.info.experiment_id, label: runLabel(run)} : undefined;
	},
	exportTable: runsExport,
	hints: (state) =>
		state.overlay?.kind === 'sort'
			? [['sort-choose', 'sort', 'choose'], ['back', 'sort', 'close']]
			: [['open', 'runs', 'open'], ['mark', 'runs', 'mark'], ['compare', 'global', 'compare'], ['search', 'list', 'search'], ['sort', 'runs', 'sort'], ['copy', 'global', 'copy id'], ['export', 'global', 'export'], ['help', 'global', 'help']],
	// Another experiment has other runs and other columns: start afresh.
	reduce: (next, event, previous) => {
		if (event.type !== 'cursor' || event.list !== 'experiments' || previous.cursors['experiments']?.id === next.cursors['experiments']?.id) return next;
		const cursors = {...next.cursors};
		delete cursors['runs'];
		return {...next, cursors, runs: {...next.runs, columnScroll: 0, primaryMetric: undefined, folded: []}};
	},
});
