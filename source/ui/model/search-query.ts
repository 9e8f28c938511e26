// What `/` was given: nothing, plain text (a case-insensitive search of names), or an
// MLflow filter expression. People type `sgd` to find a run and `metrics.rmse < 0.8` to
// filter; the grammar's error ("unknown attribute sgd") helps only the second kind, so
// text counts as an expression when it parses, or when it plainly means to be one
// (an operator, a quoted value, `metrics.`-style keys, LIKE/IN/IS): then its error is
// shown with a caret.

import type {Clause} from '../../store/search/filter-parser.js';
import {parseFilter, SearchSyntaxError} from '../../store/search/index.js';

export type SearchQuery =
	| {kind: 'none'}
	| {kind: 'text'; needle: string}
	| {kind: 'expression'; clauses: Clause[]}
	| {kind: 'error'; error: SearchSyntaxError};

const ENTITY_PREFIX = /(^|[\s(])`?(metrics?|params?|parameters?|tags?|attributes?|attr|run|datasets?)`?\./i;
const OPERATOR = /[=<>]|!=/;
const QUOTED = /'[^']*'?|"[^"]*"?/;
const KEYWORD = /\b(i?like\s+['"`]|(not\s+)?in\s*\(|is\s+(not\s+)?null\b)/i;

/** Whether the text looks meant as a filter expression, parsed or not. */
export function looksLikeExpression(text: string): boolean {
	return OPERATOR.test(text) || ENTITY_PREFIX.test(text) || QUOTED.test(text) || KEYWORD.test(text);
}

/** Reads what was typed after `/`; `grammar` false for lists MLflow has no filter for. */
export function parseSearch(text: string, grammar = true): SearchQuery {
	const trimmed = text.trim();
	if (trimmed === '') return {kind: 'none'};
	if (!grammar) return {kind: 'text', needle: trimmed.toLowerCase()};
	try {
		return {kind: 'expression', clauses: parseFilter(trimmed)};
	} catch (error) {
		if (!(error instanceof SearchSyntaxError)) throw error;
		if (looksLikeExpression(trimmed)) return {kind: 'error', error: rebase(error, text)};
		return {kind: 'text', needle: trimmed.toLowerCase()};
	}
}

/** The error against the text as typed (leading blanks included), so the caret lines up. */
function rebase(error: SearchSyntaxError, text: string): SearchSyntaxError {
	const lead = text.length - text.trimStart().length;
	if (lead === 0) return error;
	return new SearchSyntaxError(error.message, text, error.position + lead, error.token);
}

/** Case-insensitive substring match of any of the names. */
export function matchesText(needle: string, ...names: Array<string | undefined>): boolean {
	return names.some((name) => name !== undefined && name.toLowerCase().includes(needle));
}
