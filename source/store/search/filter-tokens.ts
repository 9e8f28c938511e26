// The lexer shared by the filter parser (filter-parser.ts) and order_by (order-by.ts), so
// both read keys, quotes and numbers alike and point their errors at the same offsets.

/** A filter or order_by clause MLflow would reject, with where it went wrong. */
export class SearchSyntaxError extends Error {
	override readonly name = 'SearchSyntaxError';

	constructor(
		message: string,
		/** The text that was being parsed (the filter, or one order_by clause). */
		readonly source: string,
		/** 0-based offset of the offending token in `source` (its length at the end). */
		readonly position: number,
		/** The offending token as written; empty at the end of the text. */
		readonly token: string,
	) {
		super(message);
	}

	/** The text and a caret under the offending token, for a terminal. */
	pointer(): string {
		// One cell per code point, so control characters must not move the caret off course.
		const line = this.source.replace(/[\t\n\r\v\f]/g, ' ');
		const column = [...this.source.slice(0, this.position)].length;
		return `${line}\n${' '.repeat(column)}^`;
	}
}

/** Part of an identifier: an entity or a key, unquoted in `text`, as written in `raw`. */
export interface Part {
	text: string;
	raw: string;
	pos: number;
	quote: '' | '`' | '"' | "'";
}

interface Span {
	/** As written. */
	text: string;
	pos: number;
	/** Offset just past the token. */
	end: number;
}

export type Token =
	| (Span & {kind: 'ident'; head: Part; key?: Part})
	| (Span & {kind: 'string'; value: string; quote: "'" | '"'})
	| (Span & {kind: 'number' | 'op' | 'lparen' | 'rparen' | 'comma' | 'other' | 'end'});

// The lexical rules follow sqlparse where MLflow depends on them: quoted strings keep `''`
// and `\'` verbatim (MLflow never unescapes them), numbers may lead with `-` or `.`, and
// a digit run glued to letters is a name (`metrics.1abc`).
const WORD = /[\p{L}\p{N}\p{M}_]+/uy;
const KEY_RUN = /[\p{L}\p{N}\p{M}_.]*/uy;
const NUMBER = /-?(?:\d+(?:\.\d+)?[eE]-?\d+|\d+\.\d*|\.\d+|\d+)(?![\p{L}\p{N}\p{M}_])/uy;
const SINGLE = /'(?:''|\\'|[^'])*'/y;
const DOUBLE = /"(?:""|\\"|[^"])*"/y;
const BACKTICK = /`[^`]*`/y;
const OPERATOR = /(?:>=|<=|!=|<>|==|=<|=>|[=<>])/y;
const KEY_END = /[\s=<>!(),]/u;

function match(regex: RegExp, source: string, pos: number): string | undefined {
	regex.lastIndex = pos;
	return regex.exec(source)?.[0];
}

function quoted(source: string, pos: number): Part {
	const quote = source[pos] as '`' | '"' | "'";
	const regex = quote === '`' ? BACKTICK : quote === '"' ? DOUBLE : SINGLE;
	const raw = match(regex, source, pos);
	if (raw === undefined) {
		throw new SearchSyntaxError(`this ${quote} is never closed`, source, pos, quote);
	}
	return {text: raw.slice(1, -1), raw, pos, quote};
}

function scanKey(source: string, head: Part, pos: number): Part {
	const char = source[pos];
	if (char === '`' || char === '"' || char === "'") {
		const key = quoted(source, pos);
		const after = key.pos + key.raw.length;
		const rest = source[after];
		if (rest !== undefined && !KEY_END.test(rest)) {
			throw new SearchSyntaxError(
				`unexpected '${rest}' right after the quoted key ${key.raw}: put the whole key inside the quotes`,
				source, after, rest,
			);
		}
		return key;
	}
	const raw = match(KEY_RUN, source, pos) ?? '';
	const after = pos + raw.length;
	const rest = source[after];
	if (rest !== undefined && !KEY_END.test(rest) && rest !== '`' && rest !== '"' && rest !== "'") {
		let end = after;
		while (end < source.length && !/[\s=<>!]/u.test(source[end] ?? ' ')) end++;
		const whole = source.slice(pos, end);
		throw new SearchSyntaxError(
			`keys containing '${rest}' must be quoted with backticks: ${head.raw}.\`${whole}\``,
			source, after, rest,
		);
	}
	return {text: raw, raw, pos, quote: ''};
}

/** Splits a filter or order_by clause into tokens; always ends with an `end` token. */
export function tokenize(source: string): Token[] {
	const tokens: Token[] = [];
	let pos = 0;
	while (pos < source.length) {
		const char = source[pos] ?? '';
		if (/\s/u.test(char)) {
			pos++;
			continue;
		}
		const start = pos;
		let head: Part | undefined;
		if (char === '`') {
			head = quoted(source, pos);
		} else if (char === '"' || char === "'") {
			const part = quoted(source, pos);
			if (char === '"' && source[pos + part.raw.length] === '.') {
				head = part;
			} else {
				pos += part.raw.length;
				tokens.push({kind: 'string', text: part.raw, pos: start, end: pos, value: part.text, quote: char});
				continue;
			}
		} else {
			const number = match(NUMBER, source, pos);
			if (number !== undefined) {
				pos += number.length;
				tokens.push({kind: 'number', text: number, pos: start, end: pos});
				continue;
			}
			const word = match(WORD, source, pos);
			if (word !== undefined) head = {text: word, raw: word, pos, quote: ''};
		}
		if (head !== undefined) {
			pos += head.raw.length;
			let key: Part | undefined;
			if (source[pos] === '.') {
				key = scanKey(source, head, pos + 1);
				pos = key.pos + key.raw.length;
			}
			const text = source.slice(start, pos);
			tokens.push(key === undefined ? {kind: 'ident', text, pos: start, end: pos, head} : {kind: 'ident', text, pos: start, end: pos, head, key});
			continue;
		}
		const op = match(OPERATOR, source, pos);
		if (op !== undefined) {
			pos += op.length;
			tokens.push({kind: 'op', text: op, pos: start, end: pos});
			continue;
		}
		const kind = char === '(' ? 'lparen' : char === ')' ? 'rparen' : char === ',' ? 'comma' : 'other';
		const text = String.fromCodePoint(source.codePointAt(pos) ?? 0);
		pos += text.length;
		tokens.push({kind, text, pos: start, end: pos});
	}
	tokens.push({kind: 'end', text: '', pos: source.length, end: source.length});
	return tokens;
}
