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
