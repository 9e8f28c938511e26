// The experiments screen as a module (see ../screen.ts).

import {defineScreen} from '../screen.js';
import {experimentsKeys} from './keys.js';
import {ExperimentsView} from './ExperimentsView.js';
import {useExperimentsModel, type ExperimentsModel} from './use-experiments-model.js';

export const experimentsScreen = defineScreen<ExperimentsModel>({
	id: 'experiments',
	title: 'Experiments',
	contexts: ['experiments'],
	cycle: true,
	useModel: useExperimentsModel,
	View: ExperimentsView,
	list: (model) => ({id: 'experiments', count: model.list.length, page: model.page, ids: model.ids, index: model.index}),
	keys: experimentsKeys,
	search: {list: 'experiments', grammar: false},
	searchInfo: (model) => model.searchInfo,
	hints: () => [['open', 'experiments', 'open'], ['search', 'list', 'search'], ['toggle-deleted', 'experiments', 'deleted'], ['pane-models', 'global', 'models'], ['help', 'global', 'help'], ['quit', 'global', 'quit']],
});
