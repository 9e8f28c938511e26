// Folders of key files (a run's or experiment's params/, tags/, metrics/, a registered
// model's aliases/), one file per key, a key with `/` as nested folders.

import type {KeyValue, Problem} from '../types.js';
import {formatBytes, kindOf, listDirSync, otherKindWords, readTextBounded, statPath} from './fs-sync.js';
import {isJunkName} from './junk.js';

/** Longest param or tag value kept; MLflow itself allows 6,000 and 8,000 characters. */
export const VALUE_MAX_BYTES = 64 << 10;
/** Nested key folders deeper than this are not followed (a link loop, or worse). */
const MAX_KEY_DEPTH = 32;

export interface KeyFile {
	key: string;
	path: string;
}

/**
 * Every key file under a run's params/, tags/ or metrics/ folder, by relative path with
 * `/` (MLflow stores a key with `/` as nested folders). Links are followed as MLflow's
 * os.walk follows them; loops and odd entries become problems.
 */
export function walkKeyFolder(top: string, folder: string, problems: Problem[], junkEffect = 'ignored'): KeyFile[] {
	const files: KeyFile[] = [];
	const visit = (dir: string, prefix: string, depth: number): void => {
		const listing = listDirSync(dir);
		if (!listing.ok) {
			if (listing.missing && dir === top) {
				const asFile = statPath(dir);
				if (asFile.ok && !asFile.stats.isDirectory()) problems.push({path: dir, reason: `${folder} is a file, expected a folder`, effect: `no ${folder} shown`});
				return;
			}
			if (!listing.missing) problems.push({path: dir, reason: `cannot read: ${listing.reason}`, effect: 'not shown'});
			return;
		}
		for (const entry of listing.entries) {
			const path = `${dir}/${entry.name}`;
			const key = prefix ? `${prefix}/${entry.name}` : entry.name;
			if (isJunkName(entry.name)) {
				problems.push({path, reason: 'stray file (not written by MLflow)', effect: junkEffect});
				continue;
			}
			const kind = kindOf(entry, dir);
			if (kind === 'file') files.push({key, path});
			else if (kind === 'dir' && entry.isSymbolicLink()) {
				// MLflow walks key folders without following links to folders (os.walk's default).
				problems.push({path, reason: 'a link to a folder, which MLflow does not follow', effect: 'not read'});
			} else if (kind === 'dir') {
				if (depth >= MAX_KEY_DEPTH) problems.push({path, reason: `key folders nested deeper than ${MAX_KEY_DEPTH}`, effect: 'not followed'});
				else visit(path, key, depth + 1);
			} else if (kind === 'broken-link') {
				const target = statPath(path);
				problems.push({path, reason: `broken link (${target.ok ? 'unreadable' : target.reason})`, effect: 'not shown'});
			} else {
				problems.push({path, reason: otherKindWords(path), effect: 'not read'});
			}
		}
	};
	visit(top, '', 0);
	files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return files;
}

/** A value read up to `VALUE_MAX_BYTES`; a cut one loses its last, half character. */
export function boundedValue(text: string, truncated: boolean): string {
	if (!truncated) return text;
	return text.endsWith('\ufffd') ? text.slice(0, -1) : text;
}

/** Every key file under `dir` read as a key → value list, bounded; problems for the rest. */
export function readKeyValues(dir: string, label = 'key', problems: Problem[] = []): {values: KeyValue[]; problems: Problem[]} {
	const values: KeyValue[] = [];
	for (const {key, path} of walkKeyFolder(dir, dir.slice(dir.lastIndexOf('/') + 1), problems)) {
		const read = readTextBounded(path, VALUE_MAX_BYTES);
		if (!read.ok) {
			if (!read.missing) problems.push({path, reason: `cannot read: ${read.reason}`, effect: `${label} '${key}' not shown`});
			continue;
		}
		if (read.truncated) problems.push({path, reason: `${label} '${key}' is ${formatBytes(read.size)}, beyond any value MLflow writes`, effect: `the first ${formatBytes(VALUE_MAX_BYTES)} are shown`});
		values.push({key, value: boundedValue(read.text, read.truncated)});
	}
	return {values, problems};
}
