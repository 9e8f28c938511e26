// The health screen as a module (see ../screen.ts): the same report as `mlwatch status`.

import React from 'react';
import {defineScreen, type ViewProps} from '../screen.js';
import {HealthScreen} from './HealthScreen.js';
import type {HealthState} from './use-health.js';
import {useHealthModel} from './use-health-model.js';

function HealthView({model, width, height, focused}: ViewProps<HealthState>): React.JSX.Element {
	return <HealthScreen {...(model.report ? {report: model.report} : {})} {...(model.error ? {error: model.error} : {})} loading={model.loading} width={width} height={height} focused={focused} />;
}

export const healthScreen = defineScreen<HealthState>({
	id: 'health',
	title: 'Health',
	parent: 'experiments',
	useModel: useHealthModel,
	View: HealthView,
	keys: {
		// r checks again too, besides re-reading the store.
		reload: (_context, model) => {
			model.refresh();
			return 'pass';
		},
	},
});
