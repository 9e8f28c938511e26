// The experiments screen's keys.

import type {Keys} from '../screen.js';
import type {ExperimentsModel} from './use-experiments-model.js';

export const experimentsKeys: Keys<ExperimentsModel> = {
	open: (context, model) => {
		const experiment = model.list[model.index];
		if (!experiment) return context.flash('No experiment here.', 'warn');
		context.dispatch({type: 'cursor', list: 'experiments', index: model.index, id: experiment.experiment_id});
		context.focus('runs', true);
	},
	'toggle-deleted': (context) => {
		const showDeleted = !context.state.experiments.showDeleted;
		context.dispatch({type: 'patch', slice: 'experiments', patch: {showDeleted}});
		context.flash(showDeleted ? 'Showing deleted experiments too.' : 'Deleted experiments hidden.');
	},
};
