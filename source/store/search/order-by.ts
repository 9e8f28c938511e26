// MLflow's order_by for runs: "<key> [ASC|DESC]" clauses applied left to right, then
// start_time DESC and run_id ASC. Checked against MLflow 3.1.4's file and SQLite stores.

import type {Run} from '../types.js';
import {checkUnquotedRunName, resolveReference, type Reference} from './filter-parser.js';
import {SearchSyntaxError, tokenize, type Token} from './filter-tokens.js';
import {valueOf} from './run-filter.js';

export type OrderClause = Exclude<Reference, {entity: 'dataset'}> & {ascending: boolean};

/** Parses order_by clauses such as "metrics.rmse", "attributes.start_time DESC", "params.`my p` desc". */
export function parseOrderBy(clauses: readonly string[] | undefined): OrderClause[] {
	return (clauses ?? []).map(parseOrderClause);
}

function parseOrderClause(clause: string): OrderClause {
	const tokens = tokenize(clause);
	const at = (i: number): Token => tokens[Math.min(i, tokens.length - 1)] as Token;
	const fail = (message: string, token: Token): never => {
		throw new SearchSyntaxError(message, clause, token.pos, token.text);
	};
	const first = at(0);
	let reference: Reference;
	if (first.kind === 'ident') {
		checkUnquotedRunName(first, at(1), clause, 'order');
		reference = resolveReference(first, clause, 'order');
	} else if (first.kind === 'string' && first.quote === '"') {
		// MLflow's shlex split accepts `"start_time" DESC` too.
		reference = resolveReference(
			{kind: 'ident', text: first.text, pos: first.pos, end: first.end, head: {text: first.value, raw: first.text, pos: first.pos, quote: '"'}},
			clause,
			'order',
		);
	} else if (first.kind === 'end') {
		return fail('an order_by clause needs a key, e.g. metrics.rmse DESC', first);
	} else {
		return fail(`expected a key to order by, such as metrics.rmse or attributes.start_time, found '${first.text}'`, first);
	}
	if (reference.entity === 'dataset') return fail('runs cannot be ordered by dataset', first);

	let ascending = true;
	const direction = at(1);
	if (direction.kind === 'ident' && direction.key === undefined && direction.head.quote === '') {
		const word = direction.text.toUpperCase();
		if (word === 'NULLS') fail('NULLS FIRST/LAST is not supported: runs lacking the key always sort last', direction);
		if (word !== 'ASC' && word !== 'DESC') fail(`expected ASC or DESC after the key, found '${direction.text}'`, direction);
		ascending = word === 'ASC';
	} else if (direction.kind === 'comma') {
		fail('give each key its own order_by clause instead of joining them with a comma', direction);
	} else if (direction.kind !== 'end') {
		fail(`expected ASC or DESC after the key, found '${direction.text}'`, direction);
	}
	const rest = at(direction.kind === 'end' ? 1 : 2);
	if (rest.kind !== 'end') {
		if (rest.kind === 'comma') fail('give each key its own order_by clause instead of joining them with a comma', rest);
		if (rest.text.toUpperCase() === 'NULLS') fail('NULLS FIRST/LAST is not supported: runs lacking the key always sort last', rest);
		fail(`expected the end of the order_by clause after '${direction.text}', found '${rest.text}'`, rest);
	}
	return {...reference, ascending};
}

type SortValue = string | number | undefined;

function sortValue(run: Run, clause: OrderClause): SortValue {
	return valueOf(run, clause);
}

/** 0 for a real value, then NaN, then missing: both sort last in either direction, NaN first. */
function rank(value: SortValue): number {
	if (value === undefined) return 2;
	return typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
}

/** Orders strings by Unicode code point, as Python and SQLite do (JS `<` uses UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
	const length = Math.min(a.length, b.length);
	for (let i = 0; i < length; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x !== y) return codePointRank(x) - codePointRank(y);
	}
	return a.length - b.length;
}

// Surrogates (astral characters) must come after U+E000..U+FFFF, not before.
function codePointRank(unit: number): number {
	if (unit >= 0xe000) return unit - 0x800;
	if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
	return unit;
}

function compareValues(a: SortValue, b: SortValue): number {
	if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
	if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
	return 0;
}

/** MLflow's natural order: newest start first, then run id; runs without a start time last. */
export function compareDefault(a: Run, b: Run): number {
	const byStart = compareClause(a, b, {entity: 'attribute', key: 'start_time', ascending: false});
	if (byStart !== 0) return byStart;
	return compareCodePoints(a.info.run_id || a.info.run_uuid, b.info.run_id || b.info.run_uuid);
}

function compareClause(a: Run, b: Run, clause: OrderClause): number {
	const x = sortValue(a, clause);
	const y = sortValue(b, clause);
	const byRank = rank(x) - rank(y);
	if (byRank !== 0 || rank(x) !== 0) return byRank;
	const order = compareValues(x, y);
	return clause.ascending ? order : -order;
}

/** A comparator for Array.prototype.sort applying the clauses, then MLflow's default order. */
export function compareRuns(order: readonly OrderClause[]): (a: Run, b: Run) => number {
	return (a, b) => {
		for (const clause of order) {
			const result = compareClause(a, b, clause);
			if (result !== 0) return result;
		}
		return compareDefault(a, b);
	};
}
