// A run search checked and parsed once, for every backend: the filter and order-by in
// MLflow's grammar (a mistake rejects before anything is read), the page size within
// MLflow's bounds, the page token decoded, and which parts of a run the question needs.

import {DEFAULT_MAX_RESULTS, MAX_RESULTS_LIMIT, type RunSearch} from './contract.js';
import {decodePageToken, InvalidQueryError, type PageToken} from './page-token.js';
import {parseFilter, parseOrderBy, type Clause, type OrderClause} from './search/index.js';
import type {ViewType} from './types.js';

export interface ParsedRunSearch {
	experimentIds: readonly string[];
	clauses: Clause[];
	order: OrderClause[];
	view: ViewType;
	maxResults: number;
	token: PageToken;
	/** Only run attributes are filtered or ordered on (what a run's meta.yaml holds). */
	attributesOnly: boolean;
}

export function checkMaxResults(value: number | undefined, fallback = DEFAULT_MAX_RESULTS, limit = MAX_RESULTS_LIMIT): number {
	if (value === undefined) return fallback;
	if (!Number.isInteger(value) || value < 1 || value > limit) throw new InvalidQueryError(`max_results must be a whole number from 1 to ${limit}, not ${value}`);
	return value;
}

export function parseRunSearch(query: RunSearch): ParsedRunSearch {
	const clauses = parseFilter(query.filter ?? '');
	const order = parseOrderBy(query.orderBy ?? []);
	const attributesOnly = clauses.every((clause) => clause.entity === 'attribute' && clause.key !== 'run_name') && order.every((clause) => clause.entity === 'attribute' && clause.key !== 'run_name');
	return {
		experimentIds: query.experimentIds,
		clauses,
		order,
		view: query.view ?? 'ACTIVE_ONLY',
		maxResults: checkMaxResults(query.maxResults),
		token: decodePageToken(query.pageToken),
		attributesOnly,
	};
}

export function inView(stage: 'active' | 'deleted', view: ViewType): boolean {
	return view === 'ALL' || (view === 'ACTIVE_ONLY') === (stage === 'active');
}
