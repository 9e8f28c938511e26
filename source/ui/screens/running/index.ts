// "Running now" as a module (see ../screen.ts).

import {resolveCursor} from '../../state/state.js';
import {openRun} from '../detail/state.js';
import {defineScreen} from '../screen.js';
import {RunningView} from './RunningView.js';
import {useRunningModel, type RunningModel} from './use-running-model.js';

export const runningScreen = defineScreen<RunningModel>({
	id: 'running',
	title: 'Running now',
	contexts: ['running'],
	parent: 'experiments',
	cycle: true,
	useModel: useRunningModel,
	View: RunningView,
	list: (model) => ({id: 'running', count: model.ids.length, page: model.page, ids: model.ids, index: model.index}),
	keys: {
		open: (context, model) => {
			const cursor = context.state.cursors['running'];
			const id = model.ids[cursor ? resolveCursor(cursor, model.ids.length, model.ids) : model.index];
			if (!id) return context.flash('No running run here.', 'warn');
			for (const event of openRun(id)) context.dispatch(event);
			context.dispatch({type: 'focus', pane: 'detail', remember: true});
		},
	},
	search: {list: 'running', grammar: false},
	searchInfo: (model) => model.searchInfo,
	selectedRun: (model, state) => {
		const cursor = state.cursors['running'];
		const row = model.rows?.[cursor ? resolveCursor(cursor, model.ids.length, model.ids) : model.index];
		const experimentId = row ? model.experimentOf.get(row.id) : undefined;
		return row && experimentId !== undefined ? {runId: row.id, experimentId, label: row.run} : undefined;
	},
	hints: () => [['open', 'running', 'open run'], ['search', 'list', 'search'], ['back', 'global', 'back'], ['help', 'global', 'help'], ['quit', 'global', 'quit']],
});
