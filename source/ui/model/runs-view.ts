// The runs table as the user asked for it: searched by name or filtered with MLflow's
// grammar (search-query.ts), sorted by any column, nested by parent, with the columns
// worth showing.

import type {RunRecord} from '../../store/run-record.js';
import {matchesFilter, type SearchSyntaxError} from '../../store/search/index.js';
import {runId, runName} from './run-label.js';
import {matchesText, parseSearch, type SearchQuery} from './search-query.js';
import {metricKeysByUse, paramKeys, varyingParamKeys} from './run-columns.js';
import {compareRecords, type RunSort} from './run-sort.js';
import {buildRunRows, type RunRow} from './run-tree.js';

export interface RunsView {
	rows: RunRow[];
	total: number;
	matching: number;
	/** Metric keys, most used first. */
	metricKeys: string[];
	/** Params that differ across the experiment's runs. */
	varyingParams: string[];
	allParams: string[];
	primaryMetric?: string;
	filterError?: SearchSyntaxError;
	/** How the filter text was read: a name search or an expression. */
	queryKind: SearchQuery['kind'];
	anyRunning: boolean;
}

export interface RunsViewOptions {
	filter: string;
	sort: RunSort;
	folded: readonly string[];
	primaryMetric?: string;
	now: number;
}

export function runsView(records: readonly RunRecord[], options: RunsViewOptions): RunsView {
	const query = parseSearch(options.filter);
	const matching =
		query.kind === 'expression'
			? records.filter((record) => matchesFilter(record.run, query.clauses))
			: query.kind === 'text'
				? records.filter((record) => matchesText(query.needle, runName(record.run), runId(record.run)))
				: [...records];
	matching.sort(compareRecords(options.sort, options.now));
	const metricKeys = metricKeysByUse(records);
	const sortedBy = options.sort.field.kind === 'metric' ? options.sort.field.key : undefined;
	const primary = [options.primaryMetric, sortedBy, metricKeys[0]].find((key) => key !== undefined && metricKeys.includes(key));
	const view: RunsView = {
		rows: buildRunRows(matching, new Set(options.folded)),
		total: records.length,
		matching: matching.length,
		metricKeys,
		varyingParams: varyingParamKeys(records),
		allParams: paramKeys(records),
		queryKind: query.kind,
		anyRunning: records.some((record) => record.run.info.status === 'RUNNING'),
	};
	if (primary !== undefined) view.primaryMetric = primary;
	if (query.kind === 'error') view.filterError = query.error;
	return view;
}
