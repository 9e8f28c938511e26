// The text of a meta.yaml, bounded. MLflow writes a few hundred bytes; a file of megabytes
// is damage or mischief (a 50 MB run name, say). Up to META_MAX_BYTES is read whole; a
// bigger file, up to META_SALVAGE_MAX_BYTES, is read line by line with each over-long
// line cut short, so the run is still shown with its long value truncated and a problem
// saying so. Anything bigger is not read.

import {formatBytes, readBounded, type Failure, type Stamp} from './fs-sync.js';
import type {Problem} from '../types.js';
import {parseMeta, type Meta} from './yaml.js';

export const META_MAX_BYTES = 1 << 20;
export const META_SALVAGE_MAX_BYTES = 256 << 20;
/** Longest line kept from an oversized meta.yaml. */
export const META_LINE_MAX = 4096;

export interface MetaReadOptions {
	maxBytes?: number;
}

export type MetaText = {ok: true; text: string; stamp: Stamp; problems: Problem[]} | Failure;

export function readMetaText(path: string, options: MetaReadOptions = {}): MetaText {
	const maxBytes = options.maxBytes ?? META_MAX_BYTES;
	const read = readBounded(path, maxBytes, 0, true);
	if (!read.ok) return {...read, reason: read.missing ? 'meta.yaml is missing' : `cannot read meta.yaml: ${read.reason}`};
	if (!read.truncated) {
		const text = read.bytes.toString('utf8');
		return text.trim() === '' && read.size === 0 ? {ok: false, reason: 'meta.yaml is empty', missing: false} : {ok: true, text, stamp: read.stamp, problems: []};
	}
	if (read.size > META_SALVAGE_MAX_BYTES) {
		return {ok: false, reason: `meta.yaml is ${formatBytes(read.size)}; MLflow writes a few hundred bytes`, missing: false};
	}
	return salvage(path, read.size, read.stamp);
}

/** Reads an oversized meta.yaml a chunk at a time, cutting each long line to META_LINE_MAX. */
function salvage(path: string, size: number, stamp: Stamp): MetaText {
	const lines: string[] = [];
	const cut: string[] = [];
	let current: Buffer[] = [];
	let currentLength = 0;
	let fullLength = 0;
	const endLine = (): void => {
		const text = Buffer.concat(current).toString('utf8');
		if (fullLength > META_LINE_MAX) {
			const key = /^([A-Za-z_]+):/.exec(text)?.[1] ?? `line ${lines.length + 1}`;
			cut.push(`${key} (${formatBytes(fullLength)})`);
			lines.push(closeCutLine(text));
		} else {
			lines.push(text);
		}
		current = [];
		currentLength = 0;
		fullLength = 0;
	};
	for (let offset = 0; offset < size; ) {
		const chunk = readBounded(path, 1 << 20, offset);
		if (!chunk.ok) return {...chunk, reason: `cannot read meta.yaml: ${chunk.reason}`};
		if (chunk.bytes.length === 0) break;
		let start = 0;
		for (;;) {
			const newline = chunk.bytes.indexOf(0x0a, start);
			const end = newline < 0 ? chunk.bytes.length : newline;
			const piece = chunk.bytes.subarray(start, end);
			fullLength += piece.length;
			if (currentLength < META_LINE_MAX) {
				const keep = piece.subarray(0, META_LINE_MAX - currentLength);
				current.push(Buffer.from(keep));
				currentLength += keep.length;
			}
			if (newline < 0) break;
			endLine();
			start = newline + 1;
		}
		offset += chunk.bytes.length;
	}
	if (currentLength > 0) endLine();
	const text = lines.join('\n') + '\n';
	return {ok: true, text, stamp, problems: [{path, reason: `meta.yaml is ${formatBytes(size)}: ${cut.join(', ')} too long`, effect: `values cut to ${formatBytes(META_LINE_MAX)}`}]};
}

/** A `key: value` line cut short, made valid YAML again (a cut quoted value gets its quote back). */
function closeCutLine(text: string): string {
	const match = /^([A-Za-z_]+): (.*)$/s.exec(text);
	if (!match) return text;
	let value = match[2]!.replace(/\ufffd$/, '');
	if (value.startsWith("'")) {
		value = value.replace(/'+$/, (quotes) => (quotes.length % 2 === 0 ? quotes : quotes.slice(1)));
		return `${match[1]}: ${value}…'`;
	}
	if (value.startsWith('"')) {
		value = value.replace(/\\+$/, (slashes) => (slashes.length % 2 === 0 ? slashes : slashes.slice(1)));
		return `${match[1]}: ${value}…"`;
	}
	return `${match[1]}: ${value}…`;
}

export type MetaRead = {ok: true; meta: Meta; text: string; problems: Problem[]} | Failure;

/** A meta.yaml (or trace_info.yaml) read and parsed; every failure a reason. */
export function readMeta(path: string, options: MetaReadOptions = {}): MetaRead {
	const read = readMetaText(path, options);
	if (!read.ok) return read;
	const parsed = parseMeta(read.text);
	if (!parsed.ok) return {ok: false, reason: parsed.reason, missing: false};
	return {ok: true, meta: parsed.meta, text: read.text, problems: read.problems};
}

/**
 * The meta.yaml in `dir`, or undefined with a problem recorded: a missing file is reported
 * on the folder, a broken one on the file.
 */
export function readMetaOrReport(dir: string, problems: Problem[], effect: string, missingReason?: string): {meta: Meta; text: string} | undefined {
	const path = `${dir}/meta.yaml`;
	const read = readMeta(path);
	if (read.ok) {
		problems.push(...read.problems);
		return read;
	}
	problems.push({path: read.missing ? dir : path, reason: read.missing && missingReason ? missingReason : read.reason, effect});
	return undefined;
}

/** Copies the fields that are set: MLflow's JSON omits unset ones. */
export function assignDefined<T extends object>(target: T, fields: {[K in keyof T]?: T[K] | undefined}): T {
	for (const [key, value] of Object.entries(fields)) {
		if (value !== undefined) (target as Record<string, unknown>)[key] = value;
	}
	return target;
}
