// Reading MLflow's PyYAML-written meta.yaml files.
//
// PyYAML writes YAML 1.1 and only quotes strings that YAML 1.1 would mis-type. js-yaml
// reads YAML 1.2, which types more plain scalars as numbers (a run id like `12345e678...`,
// a name like `1e5` or `0o17`). So string fields fall back to the raw text of the scalar
// whenever the parsed value is not a string.

import yaml from 'js-yaml';

export type Meta = Record<string, unknown>;

export type YamlResult =
	| {ok: true; meta: Meta; text: string}
	| {ok: false; reason: string; empty: boolean};

export function parseMeta(text: string): YamlResult {
	if (text.trim() === '') return {ok: false, reason: 'meta.yaml is empty', empty: true};
	const fast = parseFlatMapping(text);
	if (fast) return {ok: true, meta: fast, text};
	let parsed: unknown;
	try {
		parsed = yaml.load(text, {schema: yaml.CORE_SCHEMA, json: true});
	} catch (error) {
		const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
		return {ok: false, reason: `meta.yaml is not valid YAML: ${message}`, empty: false};
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return {ok: false, reason: 'meta.yaml does not hold a mapping', empty: false};
	}
	return {ok: true, meta: parsed as Meta, text};
}

/** The raw text of a top-level plain scalar `key: value`, unquoted. */
function rawScalar(text: string, key: string): string | undefined {
	const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const match = new RegExp(`^${escaped}:[ \\t]*(.*?)[ \\t]*$`, 'm').exec(text);
	return match?.[1];
}

/** A string field; numbers and booleans come back as they were written. Null/absent → undefined. */
export function str(meta: Meta, text: string, key: string): string | undefined {
	const value = meta[key];
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return rawScalar(text, key) ?? String(value);
	return undefined;
}

/** An integer field (ms timestamps, steps, enums). Null, absent or not a number → undefined. */
export function int(meta: Meta, key: string): number | undefined {
	const value = meta[key];
	if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
	if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
	return undefined;
}

// What PyYAML writes for a flat mapping of plain values, one `key: value` per line. Only
// spellings whose meaning is beyond doubt are taken here (plain words, decimal integers,
// null, '' and one-line single-quoted strings, [] and {}); anything else, such as numbers
// that are not integers, booleans or values over several lines, goes to js-yaml, which
// gives the same answer more slowly. A big store holds tens of thousands of these files.
const LINE = /^([A-Za-z_][A-Za-z0-9_]*): (.*)$/;
const PLAIN_WORD = /^[A-Za-z/][^'"\[\]{}\t]*$/;
const CORE_NUMBER = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const SPECIAL_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

function flatValue(raw: string): {value: unknown} | undefined {
	if (raw === 'null' || raw === '~') return {value: null};
	if (raw === "''") return {value: ''};
	if (raw === '[]') return {value: []};
	if (raw === '{}') return {value: {}};
	if (/^-?(?:0|[1-9][0-9]{0,14})$/.test(raw)) return {value: Number(raw)};
	if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
		const inner = raw.slice(1, -1);
		if (/'(?!')/.test(inner.replace(/''/g, ''))) return undefined;
		return {value: inner.replace(/''/g, "'")};
	}
	// A hex id that starts with a digit (run ids often do) is a string unless YAML 1.2 would read it as a number.
	if (/^[0-9][0-9A-Za-z]*$/.test(raw) && !CORE_NUMBER.test(raw)) return {value: raw};
	if (PLAIN_WORD.test(raw) && !raw.endsWith(' ') && !raw.endsWith(':') && !raw.includes(': ') && !raw.includes(' #') && !SPECIAL_WORDS.has(raw)) return {value: raw};
	return undefined;
}

export function parseFlatMapping(text: string): Meta | undefined {
	const meta: Meta = {};
	const lines = text.split('\n');
	// PyYAML ends the file with a newline; a last line without one may be cut short.
	if (lines.pop() !== '') return undefined;
	for (const line of lines) {
		const match = LINE.exec(line);
		if (!match) return undefined;
		const value = flatValue(match[2]!);
		if (!value || match[1]! in meta) return undefined;
		meta[match[1]!] = value.value;
	}
	return lines.length > 0 ? meta : undefined;
}
