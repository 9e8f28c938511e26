// The experiments screen's data: the list (deleted ones when asked for, `/` as a name
// search), each with its counts from the store overview, and the one under the cursor,
// whose runs the runs screen lists.

import {useMemo} from 'react';
import type {Experiment} from '../../../store/types.js';
import type {ExperimentStats} from '../../hooks/use-store-overview.js';
import {useCursor} from '../../hooks/use-cursor.js';
import {matchesText, parseSearch} from '../../model/search-query.js';
import {searchText} from '../../state/state.js';
import type {ModelInput, SearchInfo} from '../screen.js';

export interface ExperimentsModel {
	loaded: boolean;
	error?: string;
	/** In list order: active ones (and deleted ones when shown) matching the search. */
	list: Experiment[];
	ids: string[];
	deletedCount: number;
	showDeleted: boolean;
	stats: ReadonlyMap<string, ExperimentStats>;
	index: number;
	/** Rows shown at once. */
	page: number;
	/** The experiment under the cursor. */
	selected?: Experiment;
	search: string;
	searchInfo: SearchInfo;
	now: number;
}

const NONE: Experiment[] = [];

export function useExperimentsModel({state, shared, box}: ModelInput): ExperimentsModel {
	const all = shared.experiments.value ?? NONE;
	const showDeleted = state.experiments.showDeleted;
	const search = searchText(state, 'experiments');
	const shown = useMemo(() => all.filter((experiment) => showDeleted || experiment.lifecycle_stage === 'active'), [all, showDeleted]);
	const list = useMemo(() => {
		const query = parseSearch(search, false);
		return query.kind === 'text' ? shown.filter((experiment) => matchesText(query.needle, experiment.name, experiment.experiment_id)) : shown;
	}, [shown, search]);
	const ids = useMemo(() => list.map((experiment) => experiment.experiment_id), [list]);
	const index = useCursor(state, 'experiments', list.length, ids);
	const model: ExperimentsModel = {
		loaded: shared.experiments.value !== undefined,
		list,
		ids,
		deletedCount: all.filter((experiment) => experiment.lifecycle_stage === 'deleted').length,
		showDeleted,
		stats: shared.stats,
		index,
		page: box ? Math.max(1, box.height - 2) : 10,
		search: state.searches['experiments'] ?? '',
		searchInfo: {matching: list.length, total: shown.length, noun: 'experiments', kind: parseSearch(search, false).kind},
		now: shared.now,
	};
	if (shared.experiments.error) model.error = shared.experiments.error;
	const selected = list[index];
	if (selected) model.selected = selected;
	return model;
}
