// Questions asked the same way of every backend, on top of the contract: experiments by
// id or name, every run of a search (following page tokens), run ids shortened as git
// shortens hashes, and runs with their metric summaries.

import type {RunSearch, TrackingStore} from './contract.js';
import {recordOf, type RunRecord} from './run-record.js';
import type {Experiment, Run, ViewType} from './types.js';

export class LookupError extends Error {}

export async function allExperiments(store: TrackingStore, view: ViewType = 'ACTIVE_ONLY'): Promise<Experiment[]> {
	const out: Experiment[] = [];
	let pageToken: string | undefined;
	do {
		const page = await store.searchExperiments({view, maxResults: 1000, ...(pageToken ? {pageToken} : {})});
		out.push(...page.experiments);
		pageToken = page.nextPageToken;
	} while (pageToken);
	return out;
}

/**
 * Experiments named by id or by name (deleted ones too, when named); none named means
 * every active experiment, as MLflow's search_runs does.
 */
export async function findExperiments(store: TrackingStore, idsOrNames: readonly string[]): Promise<Experiment[]> {
	if (idsOrNames.length === 0) return allExperiments(store, 'ACTIVE_ONLY');
	const all = await allExperiments(store, 'ALL');
	return idsOrNames.map((wanted) => {
		const found = all.find((experiment) => experiment.experiment_id === wanted) ?? all.find((experiment) => experiment.name === wanted);
		if (found) return found;
		const near = all.filter((experiment) => experiment.name.toLowerCase().includes(wanted.toLowerCase())).map((experiment) => `'${experiment.name}' (${experiment.experiment_id})`);
		throw new LookupError(`No experiment with id or name '${wanted}'.${near.length > 0 ? ` Did you mean ${near.slice(0, 3).join(', ')}?` : ' Run `mlwatch experiments` to list them.'}`);
	});
}

/** Each page of a search in turn, following page tokens; a run seen on an earlier page is dropped. */
export async function* searchPages(store: TrackingStore, query: RunSearch): AsyncGenerator<Run[]> {
	const seen = new Set<string>();
	let pageToken = query.pageToken;
	let left = query.maxResults ?? Number.POSITIVE_INFINITY;
	do {
		const page = await store.searchRuns({...query, maxResults: Math.min(left, 1000), ...(pageToken ? {pageToken} : {})});
		const fresh = page.runs.filter((run) => !seen.has(run.info.run_id) && seen.add(run.info.run_id));
		left -= page.runs.length;
		yield fresh;
		pageToken = page.nextPageToken;
	} while (pageToken && left > 0);
}

/** Every run of a search (up to `maxResults` when given). */
export async function searchAllRuns(store: TrackingStore, query: RunSearch): Promise<Run[]> {
	const out: Run[] = [];
	for await (const page of searchPages(store, query)) out.push(...page);
	return out;
}

/** Runs with their metric summaries (every key when `keys` is absent). */
export async function withSummaries(store: TrackingStore, runs: readonly Run[], keys?: readonly string[]): Promise<RunRecord[]> {
	const summaries = runs.length === 0 ? {} : await store.getMetricSummaries(runs.map((run) => run.info.run_id), keys);
	return runs.map((run) => recordOf(run, summaries[run.info.run_id]));
}

/** The shortest prefix git would accept is 4 characters; ids are lowercase hex. */
const MIN_PREFIX = 4;

/**
 * A full run id for an id or a unique prefix of one, as git takes short hashes; an
 * ambiguous or unknown prefix is a LookupError naming what it matched.
 */
export async function resolveRunId(store: TrackingStore, idOrPrefix: string): Promise<string> {
	if (await store.getRun(idOrPrefix)) return idOrPrefix;
	if (idOrPrefix.length < MIN_PREFIX || !/^[A-Za-z0-9_-]+$/.test(idOrPrefix)) throw new LookupError(`No run with id '${idOrPrefix}'.`);
	const experiments = await allExperiments(store, 'ALL');
	const candidates = await searchAllRuns(store, {experimentIds: experiments.map((experiment) => experiment.experiment_id), view: 'ALL', filter: `attributes.run_id LIKE '${idOrPrefix}%'`, maxResults: 10});
	// `_` is a wildcard in LIKE: keep the true prefixes.
	const matches = candidates.filter((run) => run.info.run_id.startsWith(idOrPrefix));
	if (matches.length === 1) return matches[0]!.info.run_id;
	if (matches.length === 0) throw new LookupError(`No run with id '${idOrPrefix}', nor one starting with it.`);
	const listed = matches.slice(0, 5).map((run) => `${run.info.run_id}${run.info.run_name ? ` (${run.info.run_name})` : ''}`);
	throw new LookupError(`'${idOrPrefix}' is the start of ${matches.length >= 10 ? 'many' : matches.length} run ids: ${listed.join(', ')}${matches.length > 5 ? ', …' : ''}; give more characters.`);
}
