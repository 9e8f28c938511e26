// The runs table as the user asked for it: filtered with MLflow's grammar, sorted by any
// column, nested by parent, with the columns worth showing.

import type {RunRecord} from '../../store/run-record.js';
import {matchesFilter, parseFilter, SearchSyntaxError} from '../../store/search/index.js';
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
	anyRunning: boolean;
}

export interface RunsViewOptions {
	filter: string;
	sort: RunSort;
	folded: readonly string[];
	primaryMetric?: string;
	now: number;
}

/** Parses a filter; the error is returned, not thrown, so it can be shown inline. */
export function tryParseFilter(text: string): {clauses?: ReturnType<typeof parseFilter>; error?: SearchSyntaxError} {
	try {
		return {clauses: parseFilter(text)};
	} catch (error) {
		if (error instanceof SearchSyntaxError) return {error};
		throw error;
	}
}

export function runsView(records: readonly RunRecord[], options: RunsViewOptions): RunsView {
	const {clauses, error} = tryParseFilter(options.filter);
	const matching = clauses ? records.filter((record) => matchesFilter(record.run, clauses)) : [...records];
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
		anyRunning: records.some((record) => record.run.info.status === 'RUNNING'),
	};
	if (primary !== undefined) view.primaryMetric = primary;
	if (error) view.filterError = error;
	return view;
}
