// Store-independent queries on top of a TrackingStore: experiment lookup by id or name and
// run search with MLflow's filter and order-by grammar (applied here, so every backend
// gets the same semantics).

import type {RunRecord, TrackingStore} from './backend.js';
import {compareRuns, matchesFilter, parseFilter, parseOrderBy} from './search/index.js';
import type {Experiment, ViewType} from './types.js';

export class LookupError extends Error {}

/**
 * Experiments named by id or by name (deleted ones too, when named); none named means
 * every active experiment, as MLflow's search_runs does.
 */
export async function findExperiments(store: TrackingStore, idsOrNames: string[]): Promise<Experiment[]> {
	const all = await store.listExperiments('ALL');
	if (idsOrNames.length === 0) return all.filter((experiment) => experiment.lifecycle_stage === 'active');
	return idsOrNames.map((wanted) => {
		const found = all.find((experiment) => experiment.experiment_id === wanted) ?? all.find((experiment) => experiment.name === wanted);
		if (found) return found;
		const near = all.filter((experiment) => experiment.name.toLowerCase().includes(wanted.toLowerCase())).map((experiment) => `'${experiment.name}' (${experiment.experiment_id})`);
		throw new LookupError(`No experiment with id or name '${wanted}'.${near.length > 0 ? ` Did you mean ${near.slice(0, 3).join(', ')}?` : ' Run `mlwatch experiments` to list them.'}`);
	});
}

export interface RunQuery {
	experimentIds: string[];
	filter?: string;
	orderBy?: string[];
	view?: ViewType;
	maxResults?: number;
}

/** Runs of the experiments, filtered and ordered as MLflow's search_runs does. */
export async function searchRunRecords(store: TrackingStore, query: RunQuery): Promise<RunRecord[]> {
	// Parse first, so a bad filter fails before any reading.
	const clauses = parseFilter(query.filter ?? '');
	const order = compareRuns(parseOrderBy(query.orderBy ?? []));
	const perExperiment = await Promise.all(query.experimentIds.map((id) => store.listRuns(id, query.view ?? 'ACTIVE_ONLY')));
	const matching = perExperiment.flat().filter((record) => matchesFilter(record.run, clauses));
	matching.sort((a, b) => order(a.run, b.run));
	return query.maxResults === undefined ? matching : matching.slice(0, query.maxResults);
}
