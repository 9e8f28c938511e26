// Sorting the runs table by any column. Params are strings in MLflow, but "0.01" < "0.1"
// < "1e-3" is no help when scanning a sweep, so numbers compare as numbers here.

import type {RunRecord} from '../../store/run-record.js';
import {compareCodePoints, compareDefault} from '../../store/search/index.js';
import {defaultDirection} from './metric-direction.js';
import {latestValue, paramValue, runDuration, runLabel} from './run-label.js';

export type SortField =
	| {kind: 'start'}
	| {kind: 'name'}
	| {kind: 'status'}
	| {kind: 'duration'}
	| {kind: 'metric'; key: string}
	| {kind: 'param'; key: string};

export interface RunSort {
	field: SortField;
	descending: boolean;
}

export const DEFAULT_SORT: RunSort = {field: {kind: 'start'}, descending: true};

export function sameField(a: SortField, b: SortField): boolean {
	return a.kind === b.kind && ('key' in a ? a.key : '') === ('key' in b ? b.key : '');
}

export function fieldLabel(field: SortField): string {
	switch (field.kind) {
		case 'start':
			return 'start time';
		case 'name':
			return 'name';
		case 'status':
			return 'status';
		case 'duration':
			return 'duration';
		case 'metric':
			return field.key;
		case 'param':
			return `param ${field.key}`;
	}
}

/** The first direction a column sorts in: best metric values and newest runs on top. */
export function defaultDescending(field: SortField): boolean {
	if (field.kind === 'start' || field.kind === 'duration') return true;
	if (field.kind === 'metric') return defaultDirection(field.key) === 'higher';
	return false;
}

type Value = string | number | undefined;

function valueOf(record: RunRecord, field: SortField, now: number): Value {
	switch (field.kind) {
		case 'start':
			return record.run.info.start_time;
		case 'name':
			return runLabel(record.run).toLowerCase();
		case 'status':
			return record.run.info.status;
		case 'duration':
			return runDuration(record.run, now);
		case 'metric':
			return latestValue(record, field.key);
		case 'param': {
			const text = paramValue(record.run, field.key);
			if (text === undefined) return undefined;
			const number = Number(text);
			return text.trim() !== '' && Number.isFinite(number) ? number : text;
		}
	}
}

/** Missing and NaN values go last whichever way the column is sorted. */
function rank(value: Value): number {
	if (value === undefined) return 2;
	return typeof value === 'number' && !Number.isFinite(value) ? 1 : 0;
}

function compareValues(a: Value, b: Value): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'number') return -1; // numbers before words
	if (typeof b === 'number') return 1;
	return compareCodePoints(String(a), String(b));
}

export function compareRecords(sort: RunSort, now = Date.now()): (a: RunRecord, b: RunRecord) => number {
	return (a, b) => {
		const x = valueOf(a, sort.field, now);
		const y = valueOf(b, sort.field, now);
		const byRank = rank(x) - rank(y);
		if (byRank !== 0) return byRank;
		if (rank(x) === 0) {
			const order = compareValues(x, y);
			if (order !== 0) return sort.descending ? -order : order;
		}
		return compareDefault(a.run, b.run);
	};
}
