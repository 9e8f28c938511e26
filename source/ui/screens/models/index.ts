// The model registry as a module (see ../screen.ts).

import {resolveCursor} from '../../state/state.js';
import {openRun} from '../detail/state.js';
import {defineScreen} from '../screen.js';
import {ModelsView} from './ModelsView.js';
import {useModelsModel, type ModelsModel} from './use-models-model.js';

export const modelsScreen = defineScreen<ModelsModel>({
	id: 'models',
	title: 'Models',
	contexts: ['models'],
	parent: 'experiments',
	cycle: true,
	useModel: useModelsModel,
	View: ModelsView,
	list: (model) => ({id: 'models', count: model.rows.length, page: model.page, ids: model.ids, index: model.index}),
	keys: {
		open: (context, model) => {
			const row = model.rows[resolveCursor(context.state.cursors['models'], model.rows.length, model.ids)];
			const id = row?.version?.run_id;
			if (!id) return context.flash(row?.version ? 'This version records no run.' : 'Pick a version (the indented rows) to open its run.', 'warn');
			for (const event of openRun(id)) context.dispatch(event);
			context.dispatch({type: 'focus', pane: 'detail', remember: true});
		},
	},
	search: {list: 'models', grammar: false},
	searchInfo: (model) => model.searchInfo,
	hints: () => [['open', 'models', 'open run'], ['search', 'list', 'search'], ['back', 'global', 'back'], ['help', 'global', 'help'], ['quit', 'global', 'quit']],
});
