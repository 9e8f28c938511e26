// MLflow's run search (filter and order_by) over runs already in memory: pure, no I/O.

import type {Run} from '../types.js';
import {parseFilter} from './filter-parser.js';
import {compareRuns, parseOrderBy} from './order-by.js';
import {matchesFilter} from './run-filter.js';

export {SearchSyntaxError, tokenize} from './filter-tokens.js';
export {
	parseFilter,
	type Clause,
	type DatasetField,
	type Entity,
	type ListOperator,
	type NullOperator,
	type NumericAttribute,
	type NumericOperator,
	type Operator,
	type Reference,
	type StringAttribute,
	type StringOperator,
} from './filter-parser.js';
export {like, ilike} from './like.js';
export {attributeValue, matchesFilter} from './run-filter.js';
export {compareCodePoints, compareDefault, compareRuns, parseOrderBy, type OrderClause} from './order-by.js';

export interface SearchOptions {
	filter?: string;
	orderBy?: string[];
	/** Keep only the first n runs after ordering; all when absent. */
	maxResults?: number;
}

/** Filters and orders runs as MLflow's search_runs does. Throws SearchSyntaxError on bad input. */
export function searchRuns(runs: readonly Run[], options: SearchOptions = {}): Run[] {
	// Parse both before touching runs, so a bad order_by is reported even when nothing matches.
	const clauses = parseFilter(options.filter);
	const compare = compareRuns(parseOrderBy(options.orderBy));
	const matching = runs.filter((run) => matchesFilter(run, clauses));
	matching.sort(compare);
	return options.maxResults === undefined ? matching : matching.slice(0, Math.max(0, options.maxResults));
}
