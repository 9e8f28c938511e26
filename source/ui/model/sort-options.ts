// What the sort picker offers: the fixed columns, then every metric, then every param.

import type {RunsView} from './runs-view.js';
import type {SortField} from './run-sort.js';

export function sortOptions(view: Pick<RunsView, 'metricKeys' | 'varyingParams' | 'allParams'>): SortField[] {
	const varying = new Set(view.varyingParams);
	const params = [...view.varyingParams, ...view.allParams.filter((key) => !varying.has(key))];
	return [
		{kind: 'start'},
		{kind: 'name'},
		{kind: 'status'},
		{kind: 'duration'},
		...view.metricKeys.map((key): SortField => ({kind: 'metric', key})),
		...params.map((key): SortField => ({kind: 'param', key})),
	];
}
