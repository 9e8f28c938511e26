// MLflow's run filter grammar (mlflow/utils/search_utils.py), checked against MLflow 3.1.4
// and 3.17.2: comparisons joined by AND, nothing else. MLflow lexes with sqlparse and notices
// some mistakes (an operator such as `>>`, `params.x > 'a'`) only when it evaluates the first
// run, so an empty experiment accepts them; here every mistake is reported up front, with the
// place it happened. Where versions differ we take the newer, fixed behaviour.

import {SearchSyntaxError, tokenize, type Part, type Token} from './filter-tokens.js';

export type Entity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';
export type NumericOperator = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type StringOperator = '=' | '!=' | 'LIKE' | 'ILIKE';
export type ListOperator = 'IN' | 'NOT IN';
export type NullOperator = 'IS NULL' | 'IS NOT NULL';
export type Operator = NumericOperator | StringOperator | ListOperator | NullOperator;

export type StringAttribute = 'run_id' | 'run_name' | 'user_id' | 'status' | 'artifact_uri';
export type NumericAttribute = 'start_time' | 'end_time';
export type DatasetField = 'name' | 'digest' | 'context';

/** One comparison. Attribute keys are canonical: aliases such as `created` are resolved. */
export type Clause =
	| {kind: 'number'; entity: 'metric'; key: string; op: NumericOperator; value: number}
	| {kind: 'number'; entity: 'attribute'; key: NumericAttribute; op: NumericOperator; value: number}
	| {kind: 'string'; entity: 'param' | 'tag'; key: string; op: StringOperator; value: string}
	| {kind: 'string'; entity: 'attribute'; key: StringAttribute; op: StringOperator; value: string}
	| {kind: 'string'; entity: 'dataset'; key: DatasetField; op: StringOperator; value: string}
	| {kind: 'list'; entity: 'attribute'; key: 'run_id'; op: ListOperator; values: string[]}
	| {kind: 'list'; entity: 'dataset'; key: DatasetField; op: ListOperator; values: string[]}
	| {kind: 'null'; entity: 'param' | 'tag'; key: string; op: NullOperator};

/** A resolved `<entity>.<key>` reference. */
export type Reference =
	| {entity: 'metric' | 'param' | 'tag'; key: string}
	| {entity: 'attribute'; key: StringAttribute | NumericAttribute}
	| {entity: 'dataset'; key: DatasetField};

const ENTITIES: Record<string, Entity> = {
	metric: 'metric',
	metrics: 'metric',
	param: 'param',
	params: 'param',
	parameter: 'param',
	parameters: 'param',
	tag: 'tag',
	tags: 'tag',
	attribute: 'attribute',
	attributes: 'attribute',
	attr: 'attribute',
	run: 'attribute',
	dataset: 'dataset',
	datasets: 'dataset',
};

const STRING_ATTRIBUTES: readonly StringAttribute[] = ['run_id', 'run_name', 'user_id', 'status', 'artifact_uri'];
const NUMERIC_ATTRIBUTES: readonly NumericAttribute[] = ['start_time', 'end_time'];
const ATTRIBUTE_ALIASES: Record<string, StringAttribute | NumericAttribute> = {
	created: 'start_time',
	Created: 'start_time',
	'run name': 'run_name',
	'Run name': 'run_name',
	'Run Name': 'run_name',
};
const DATASET_FIELDS: readonly DatasetField[] = ['name', 'digest', 'context'];
const SEARCHABLE = [...STRING_ATTRIBUTES, ...NUMERIC_ATTRIBUTES];

const NUMERIC_OPERATORS: readonly Operator[] = ['=', '!=', '>', '>=', '<', '<='];
const STRING_OPERATORS: readonly Operator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const LIST_OPERATORS: readonly Operator[] = ['IN', 'NOT IN'];

export function isNumericAttribute(key: string): key is NumericAttribute {
	return (NUMERIC_ATTRIBUTES as readonly string[]).includes(key);
}

/** Parses a filter string; an empty or blank filter has no clauses and matches every run. */
export function parseFilter(filter: string | undefined): Clause[] {
	const source = filter ?? '';
	const parser = new Parser(source, tokenize(source));
	return parser.parseAll();
}

/** How a reference is used decides which attribute spellings MLflow accepts. */
export type ReferenceUse = 'filter' | 'order';

/** Resolves an identifier token to an entity and key, or explains why it isn't one. */
export function resolveReference(token: Token, source: string, use: ReferenceUse): Reference {
	if (token.kind !== 'ident') throw new Error('resolveReference needs an identifier token');
	const {head, key} = token;
	if (key === undefined) return resolveAttribute(head, source, use, true);
	if (head.quote === '"' || head.quote === "'") {
		throw new SearchSyntaxError(
			`quote an entity with backticks or not at all: write \`${head.text}\`.${key.raw}`,
			source, head.pos, head.raw,
		);
	}
	const entity = ENTITIES[head.text];
	if (entity === undefined) throw unknownEntity(head, source);
	if (key.text === '' && key.quote === '') {
		throw new SearchSyntaxError(`expected a key after '${head.raw}.', e.g. ${head.text}.accuracy`, source, key.pos, key.raw);
	}
	if (entity === 'attribute') return resolveAttribute(key, source, use, false);
	if (entity === 'dataset') {
		const field = DATASET_FIELDS.find((f) => f === key.text);
		if (field === undefined) {
			throw new SearchSyntaxError(
				`datasets can be filtered by name, digest or context, not '${key.text}'`,
				source, key.pos, key.raw,
			);
		}
		if (use === 'order') {
			throw new SearchSyntaxError(
				'runs cannot be ordered by dataset: order by metrics, params, tags or attributes',
				source, head.pos, token.text,
			);
		}
		return {entity, key: field};
	}
	return {entity, key: key.text};
}

function resolveAttribute(part: Part, source: string, use: ReferenceUse, bare: boolean): Reference {
	const name = part.text;
	const alias = ATTRIBUTE_ALIASES[name];
	if (alias === 'run_name' && use === 'order') {
		throw new SearchSyntaxError(
			`'${name}' only works in filters: order by run_name instead`,
			source, part.pos, part.raw,
		);
	}
	const key = alias ?? SEARCHABLE.find((a) => a === name);
	if (key !== undefined) return {entity: 'attribute', key};
	const known = use === 'order' ? [...SEARCHABLE, 'created'] : SEARCHABLE;
	if (bare && ENTITIES[name] !== undefined) {
		return fail(`'${name}' needs a key: write ${name}.<key>, e.g. ${name}.accuracy`, source, part);
	}
	const guess = closest(name, known);
	const hint = guess === undefined ? '' : ` (did you mean '${guess}'?)`;
	if (bare) {
		return fail(
			`unknown attribute '${name}'${hint}. A name without a dot is a run attribute (${known.join(', ')});`
				+ ` for a metric, param or tag write metrics.${name}, params.${name} or tags.${name}`,
			source, part,
		);
	}
	return fail(`unknown attribute '${name}'${hint}. Attributes are ${known.join(', ')}`, source, part);
}

/** `run name` unquoted: MLflow's alias only works quoted, which is easy to miss. */
export function checkUnquotedRunName(first: Token, second: Token, source: string, use: ReferenceUse): void {
	if (first.kind !== 'ident' || second.kind !== 'ident' || first.key !== undefined || second.key !== undefined) return;
	const joined = `${first.text} ${second.text}`;
	if (second.pos === first.end + 1 && ATTRIBUTE_ALIASES[joined] === 'run_name') {
		const message = use === 'order'
			? `'${joined}' only works in filters: order by run_name instead`
			: `quote names with a space: write \`${joined}\`, or use run_name`;
		throw new SearchSyntaxError(message, source, first.pos, first.text);
	}
}

function fail(message: string, source: string, part: Part): never {
	throw new SearchSyntaxError(message, source, part.pos, part.raw);
}

function unknownEntity(head: Part, source: string): SearchSyntaxError {
	const lower = head.text.toLowerCase();
	if (ENTITIES[lower] !== undefined) {
		return new SearchSyntaxError(
			`entity names are lower-case in MLflow: write '${lower}', not '${head.text}'`,
			source, head.pos, head.raw,
		);
	}
	const guess = closest(head.text, Object.keys(ENTITIES));
	const hint = guess === undefined ? '' : `: did you mean '${guess}'?`;
	return new SearchSyntaxError(
		`unknown entity '${head.text}'${hint} Keys look like metrics.<key>, params.<key>, tags.<key>,`
			+ ' attributes.<key> or datasets.<key>; quote keys with a dot or a space in backticks',
		source, head.pos, head.raw,
	);
}

/** The candidate a typo most likely meant, if any is close enough to suggest. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = Math.max(1, Math.min(2, Math.floor(word.length / 3)));
	for (const candidate of candidates) {
		if (candidate.toLowerCase() === word.toLowerCase() && candidate !== word) return candidate;
		const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
		if (distance > 0 && distance <= bestDistance) {
			best = candidate;
			bestDistance = distance - 1;
		}
	}
	return best;
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
			current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
		}
		previous = current;
	}
	return previous[b.length] ?? 0;
}

function isWord(token: Token | undefined, word: string): boolean {
	return token?.kind === 'ident' && token.key === undefined && token.head.quote === ''
		&& token.head.text.toUpperCase() === word;
}

function describe(token: Token): string {
	return token.kind === 'end' ? 'the end of the filter' : `'${token.text}'`;
}

function spell(reference: Reference): string {
	const prefix = {metric: 'metrics', param: 'params', tag: 'tags', attribute: 'attributes', dataset: 'datasets'};
	return `${prefix[reference.entity]}.${reference.key}`;
}

class Parser {
	private index = 0;

	constructor(
		private readonly source: string,
		private readonly tokens: Token[],
	) {}

	parseAll(): Clause[] {
		const clauses: Clause[] = [];
		for (;;) {
			// MLflow ignores stray ANDs (leading, doubled, trailing); accepting a trailing one
			// also keeps results steady while a filter is still being typed.
			while (isWord(this.peek(), 'AND')) this.index++;
			if (this.peek().kind === 'end') return clauses;
			clauses.push(this.comparison());
			this.afterComparison();
		}
	}

	private peek(offset = 0): Token {
		const last = this.tokens[this.tokens.length - 1];
		const token = this.tokens[this.index + offset] ?? last;
		if (token === undefined) throw new Error('token stream without end');
		return token;
	}

	private next(): Token {
		const token = this.peek();
		if (this.index < this.tokens.length - 1) this.index++;
		return token;
	}

	private error(message: string, token: Token): never {
		throw new SearchSyntaxError(message, this.source, token.pos, token.text);
	}

	private afterComparison(): void {
		const token = this.peek();
		if (token.kind === 'end' || isWord(token, 'AND')) return;
		if (isWord(token, 'OR') || token.text === '|') {
			this.error('OR is not supported: MLflow filters only join comparisons with AND', token);
		}
		if (token.kind === 'rparen' || token.kind === 'lparen') this.noParentheses(token);
		if (token.text === '&') this.error("write AND instead of '&&' to join comparisons", token);
		if (token.kind === 'ident') this.error(`expected AND before ${describe(token)}: comparisons are joined with AND`, token);
		if (token.text === ';') this.error("a filter is one list of comparisons: join them with AND, not ';'", token);
		this.error(`expected AND or the end of the filter, found ${describe(token)}`, token);
	}

	private noParentheses(token: Token): never {
		this.error('parentheses are not supported: MLflow filters are comparisons joined by AND, without grouping', token);
	}

	private comparison(): Clause {
		const start = this.next();
		const reference = this.reference(start);
		const {op, token: opToken} = this.operator(reference);
		this.checkOperator(reference, op, opToken);
		return this.value(reference, op, opToken);
	}

	private reference(token: Token): Reference {
		if (token.kind === 'ident') {
			if (token.key === undefined && token.head.quote === '') {
				const word = token.head.text.toUpperCase();
				if (word === 'OR') this.error('OR is not supported: MLflow filters only join comparisons with AND', token);
				if (word === 'NOT') this.error('NOT is not supported: use != or NOT IN inside the comparison instead', token);
				if (['IN', 'LIKE', 'ILIKE', 'IS'].includes(word)) {
					this.error(`expected a key such as metrics.accuracy before ${word}`, token);
				}
			}
			checkUnquotedRunName(token, this.peek(), this.source, 'filter');
			return resolveReference(token, this.source, 'filter');
		}
		if (token.kind === 'string' && token.quote === '"') {
			// sqlparse reads "x" as an identifier, so MLflow takes `"status" = 'FINISHED'`.
			return resolveAttribute({text: token.value, raw: token.text, pos: token.pos, quote: '"'}, this.source, 'filter', true);
		}
		if (token.kind === 'lparen' || token.kind === 'rparen') this.noParentheses(token);
		if (token.kind === 'string') {
			this.error(`expected a key such as tags.team, found the string ${token.text}: quote keys with backticks`, token);
		}
		this.error(`expected a key such as metrics.accuracy or params.lr, found ${describe(token)}`, token);
	}

	private operator(reference: Reference): {op: Operator; token: Token} {
		const token = this.next();
		if (token.kind === 'op') {
			const fixes: Record<string, string> = {'==': '=', '<>': '!=', '=<': '<=', '=>': '>='};
			const fix = fixes[token.text];
			if (fix !== undefined) this.error(`'${token.text}' is not an operator here: write '${fix}'`, token);
			return {op: token.text as Operator, token};
		}
		if (token.kind === 'ident' && token.key === undefined && token.head.quote === '') {
			const word = token.head.text.toUpperCase();
			if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return {op: word, token};
			if (word === 'NOT') {
				const following = this.peek();
				if (isWord(following, 'IN')) {
					this.next();
					return {op: 'NOT IN', token};
				}
				if (isWord(following, 'LIKE') || isWord(following, 'ILIKE')) {
					this.error(`NOT ${following.text.toUpperCase()} is not supported by MLflow filters`, token);
				}
			}
			if (word === 'IS') {
				// Newer MLflow (seen in 3.17; not in 3.1) tests whether a run has a param or tag.
				if (isWord(this.peek(), 'NULL')) {
					this.next();
					return {op: 'IS NULL', token};
				}
				if (isWord(this.peek(), 'NOT') && isWord(this.peek(1), 'NULL')) {
					this.next();
					this.next();
					return {op: 'IS NOT NULL', token};
				}
				this.error('expected NULL or NOT NULL after IS', this.peek());
			}
			if (word === 'BETWEEN') {
				this.error(`BETWEEN is not supported: write ${spell(reference)} >= a AND ${spell(reference)} <= b`, token);
			}
		}
		this.error(`expected an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, IS NULL) after ${spell(reference)}, found ${describe(token)}`, token);
	}

	private checkOperator(reference: Reference, op: Operator, token: Token): void {
		const {entity, key} = reference;
		const list = LIST_OPERATORS.includes(op);
		if (op === 'IS NULL' || op === 'IS NOT NULL') {
			if (entity === 'param' || entity === 'tag') return;
			this.error(`${op} only works for params and tags; a comparison on a ${entity} never matches runs without it anyway`, token);
		}
		if (entity === 'metric' || (entity === 'attribute' && isNumericAttribute(key))) {
			if (NUMERIC_OPERATORS.includes(op)) return;
			const what = entity === 'metric' ? 'metrics compare' : `${key} compares`;
			if (list) this.error(`${op} is only allowed for attributes.run_id and datasets.name, digest or context`, token);
			this.error(`${what} numbers with =, !=, >, >=, < or <=; ${op} works on params, tags and text attributes`, token);
		}
		if (entity === 'dataset') {
			if (STRING_OPERATORS.includes(op) || list) return;
			this.error(`datasets.${key} compares strings with =, !=, LIKE, ILIKE, IN or NOT IN, not '${op}'`, token);
		}
		if (list) {
			if (entity === 'attribute' && key === 'run_id') return;
			this.error(`${op} is only allowed for attributes.run_id (and datasets.name, digest or context)`, token);
		}
		if (STRING_OPERATORS.includes(op)) return;
		const what = entity === 'param' ? 'params compare' : entity === 'tag' ? 'tags compare' : `${key} compares`;
		this.error(`${what} strings with =, !=, LIKE or ILIKE, not '${op}'; only metrics, start_time and end_time compare as numbers`, token);
	}

	private value(reference: Reference, op: Operator, opToken: Token): Clause {
		if (op === 'IN' || op === 'NOT IN') return this.list(reference, op);
		const {entity, key} = reference;
		if (op === 'IS NULL' || op === 'IS NOT NULL') {
			if (entity !== 'param' && entity !== 'tag') throw new Error('checked by checkOperator');
			return {kind: 'null', entity, key, op};
		}
		const token = this.next();
		const example = exampleFor(reference, op);
		if (token.kind === 'end' || token.kind === 'op' || isWord(token, 'AND')) {
			const found = token.kind === 'end' ? '' : `, found ${describe(token)}`;
			this.error(`expected a value after '${opToken.text}'${found} (e.g. ${example})`, token);
		}
		if (entity === 'metric' || (entity === 'attribute' && isNumericAttribute(key))) {
			const numeric = op as NumericOperator;
			if (token.kind === 'number') {
				if (entity === 'metric') return {kind: 'number', entity, key, op: numeric, value: Number(token.text)};
				// MLflow 3.1's file store rejected fractions here (int()); its SQL store and newer
				// versions compare them as numbers, so do we.
				return {kind: 'number', entity, key: key as NumericAttribute, op: numeric, value: Number(token.text)};
			}
			if (token.kind === 'string' && token.value.trim() !== '' && !Number.isNaN(Number(token.value))) {
				this.error(`${entity === 'metric' ? 'metrics compare' : `${key} compares`} numbers: drop the quotes, e.g. ${example}`, token);
			}
			if (token.kind === 'ident' && /^[+-]?(nan|inf|infinity)$/i.test(token.text)) {
				this.error('MLflow filters have no NaN or infinity literal: compare with a finite number', token);
			}
			this.error(`expected a number after '${opToken.text}', found ${describe(token)} (e.g. ${example})`, token);
		}
		if (token.kind === 'string') {
			const value = token.value;
			if (entity === 'attribute') return {kind: 'string', entity, key: key as StringAttribute, op: op as StringOperator, value};
			if (entity === 'dataset') return {kind: 'string', entity, key, op: op as StringOperator, value};
			return {kind: 'string', entity, key, op: op as StringOperator, value};
		}
		const what = entity === 'param' ? 'params compare' : entity === 'tag' ? 'tags compare' : `${spell(reference)} compares`;
		if (token.kind === 'number' || token.kind === 'ident') {
			this.error(`${what} strings: quote the value, e.g. ${spell(reference)} ${op} '${token.text}'`, token);
		}
		if (token.kind === 'lparen') this.error(`a list needs IN or NOT IN: ${spell(reference)} IN ('a', 'b')`, token);
		this.error(`expected a quoted value after '${opToken.text}', found ${describe(token)} (e.g. ${example})`, token);
	}

	private list(reference: Reference, op: ListOperator): Clause {
		const open = this.next();
		const example = `${spell(reference)} ${op} ('a', 'b')`;
		if (open.kind !== 'lparen') this.error(`expected a parenthesised list after ${op}, e.g. ${example}`, open);
		const values: string[] = [];
		for (;;) {
			const token = this.next();
			if (token.kind === 'rparen') {
				if (values.length === 0) this.error(`${op} needs at least one quoted value, e.g. ${example}`, token);
				break;
			}
			if (token.kind !== 'string') {
				if (token.kind === 'end') this.error(`this list is never closed: add ')'`, open);
				this.error(`${op} lists hold quoted strings, found ${describe(token)}: ${example}`, token);
			}
			values.push(token.value);
			const separator = this.next();
			if (separator.kind === 'rparen') break;
			if (separator.kind === 'comma') continue;
			if (separator.kind === 'end') this.error(`this list is never closed: add ')'`, open);
			this.error(`expected ',' or ')' in the ${op} list, found ${describe(separator)}`, separator);
		}
		const {entity, key} = reference;
		if (entity === 'dataset') return {kind: 'list', entity, key, op, values};
		return {kind: 'list', entity: 'attribute', key: 'run_id', op, values};
	}
}

function exampleFor(reference: Reference, op: Operator): string {
	const ref = spell(reference);
	if (reference.entity === 'metric') return `${ref} ${op} 0.9`;
	if (reference.entity === 'attribute' && isNumericAttribute(reference.key)) return `${ref} ${op} 1719999999999`;
	if (reference.entity === 'attribute' && reference.key === 'status') return `${ref} ${op} 'FINISHED'`;
	return `${ref} ${op} 'value'`;
}
