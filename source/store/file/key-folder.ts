// Folders of key files (a run's or experiment's params/, tags/, metrics/, a registered
// model's aliases/), one file per key, a key with `/` as nested folders.

import type {KeyValue, Problem} from '../types.js';
import {formatBytes, kindOf, listDirSync, notAFolder, otherKindWords, readTextBounded, sameStamp, stampPath, statPath, type EntryKind, type Result, type Stamp} from './fs-sync.js';
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
 * A folder's entries as last listed, and the folder's stamp then. Kinds are one letter per
 * entry (f file, d folder, l link to a folder, b broken link, o anything else): a big store
 * keeps a hundred thousand of these.
 */
export interface Listing {
	stamp: Stamp;
	names: string[];
	kinds: string;
}

/** Listings kept between reads: a folder whose stamp is unchanged gained or lost no entry. */
export type Listings = Map<string, Listing>;

const LETTER: Record<EntryKind, string> = {file: 'f', dir: 'd', 'broken-link': 'b', other: 'o'};

function list(dir: string, listings: Listings | undefined): Result<{names: string[]; kinds: string}> {
	const stamp = listings ? stampPath(dir) : undefined;
	const known = stamp ? listings!.get(dir) : undefined;
	if (known && sameStamp(known.stamp, stamp)) return {ok: true, names: known.names, kinds: known.kinds};
	const listing = listDirSync(dir);
	if (!listing.ok) {
		listings?.delete(dir);
		return listing;
	}
	const names = listing.entries.map((entry) => entry.name);
	const kinds = listing.entries.map((entry) => {
		const kind = kindOf(entry, dir);
		return kind === 'dir' && entry.isSymbolicLink() ? 'l' : LETTER[kind];
	}).join('');
	if (stamp) listings!.set(dir, {stamp, names, kinds});
	return {ok: true, names, kinds};
}

/**
 * Every key file under a run's params/, tags/ or metrics/ folder, by relative path with
 * `/` (MLflow stores a key with `/` as nested folders). Links to files are followed and
 * links to folders are not, as MLflow's os.walk does; odd entries become problems. With
 * `listings`, a folder is listed again only when its stamp changed.
 */
export function walkKeyFolder(top: string, folder: string, problems: Problem[], junkEffect = 'ignored', listings?: Listings): KeyFile[] {
	const files: KeyFile[] = [];
	const visit = (dir: string, prefix: string, depth: number): void => {
		const listing = list(dir, listings);
		if (!listing.ok) {
			if (listing.missing && dir === top) {
				if (notAFolder(dir)) problems.push({path: dir, reason: `${folder} is a file, expected a folder`, effect: `no ${folder} shown`});
				return;
			}
			if (!listing.missing) problems.push({path: dir, reason: `cannot read: ${listing.reason}`, effect: 'not shown'});
			return;
		}
		for (let at = 0; at < listing.names.length; at++) {
			const name = listing.names[at]!;
			const path = `${dir}/${name}`;
			const key = prefix ? `${prefix}/${name}` : name;
			if (isJunkName(name)) {
				problems.push({path, reason: 'stray file (not written by MLflow)', effect: junkEffect});
				continue;
			}
			const kind = listing.kinds[at];
			if (kind === 'f') files.push({key, path});
			else if (kind === 'l') {
				// MLflow walks key folders without following links to folders (os.walk's default).
				problems.push({path, reason: 'a link to a folder, which MLflow does not follow', effect: 'not read'});
			} else if (kind === 'd') {
				if (depth >= MAX_KEY_DEPTH) problems.push({path, reason: `key folders nested deeper than ${MAX_KEY_DEPTH}`, effect: 'not followed'});
				else visit(path, key, depth + 1);
			} else if (kind === 'b') {
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
