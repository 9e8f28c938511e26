// Small fs helpers that turn every failure into a value instead of an exception,
// so one unreadable entry never hides the rest of the store.

import type {Dirent} from 'node:fs';
import {readdir, readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {withOpenFile} from './open-files.js';

export type ReadResult<T> = {ok: true; value: T} | {ok: false; reason: string; missing: boolean};

function failure(error: unknown): {ok: false; reason: string; missing: boolean} {
	const code = (error as NodeJS.ErrnoException)?.code;
	const missing = code === 'ENOENT' || code === 'ENOTDIR';
	const reason =
		code === 'EACCES' || code === 'EPERM' ? 'permission denied'
		: missing ? 'does not exist'
		: code === 'EISDIR' ? 'is a folder, expected a file'
		: (error as Error)?.message ?? String(error);
	return {ok: false, reason, missing};
}

export async function listDir(path: string): Promise<ReadResult<Dirent[]>> {
	try {
		return {ok: true, value: await withOpenFile(() => readdir(path, {withFileTypes: true}))};
	} catch (error) {
		return failure(error);
	}
}

export async function readText(path: string): Promise<ReadResult<string>> {
	try {
		return {ok: true, value: await withOpenFile(() => readFile(path, 'utf8'))};
	} catch (error) {
		return failure(error);
	}
}

// Files that operating systems and editors drop into folders; MLflow would read them as
// keys (and fail on them as metrics). mlwatch skips them and says so.
const JUNK = /^(?:\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|\.#.*|.*\.sw[op]|.*~)$/;

export function isJunkName(name: string): boolean {
	return JUNK.test(name);
}

export interface KeyFile {
	key: string;
	path: string;
}

/**
 * Every file under `dir`, named by its path relative to `dir` with `/` separators:
 * MLflow stores a key with `/` as nested folders. Junk files and unreadable folders
 * are returned separately.
 */
export async function walkKeys(dir: string): Promise<{files: KeyFile[]; junk: string[]; unreadable: Array<{path: string; reason: string}>; missing: boolean}> {
	const files: KeyFile[] = [];
	const junk: string[] = [];
	const unreadable: Array<{path: string; reason: string}> = [];
	const top = await listDir(dir);
	if (!top.ok) {
		if (!top.missing) unreadable.push({path: dir, reason: top.reason});
		return {files, junk, unreadable, missing: top.missing};
	}
	const visit = async (entries: Dirent[], folder: string, prefix: string): Promise<void> => {
		for (const entry of entries) {
			const path = join(folder, entry.name);
			const key = prefix ? `${prefix}/${entry.name}` : entry.name;
			if (isJunkName(entry.name)) {
				junk.push(path);
			} else if (entry.isDirectory()) {
				const inner = await listDir(path);
				if (inner.ok) await visit(inner.value, path, key);
				else unreadable.push({path, reason: inner.reason});
			} else if (entry.isFile()) {
				files.push({key, path});
			} else if (entry.isSymbolicLink()) {
				// Followed to a file, as MLflow's os.walk would; a broken or looping link is reported.
				try {
					if ((await stat(path)).isFile()) files.push({key, path});
				} catch (error) {
					unreadable.push({path, reason: `broken link (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`});
				}
			}
		}
	};
	await visit(top.value, dir, '');
	files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return {files, junk, unreadable, missing: false};
}

/** Problems of a walk: stray files (with what ignoring them means) and unreadable entries. */
export function walkProblems(walked: {junk: string[]; unreadable: Array<{path: string; reason: string}>}, junkEffect = 'ignored'): Array<{path: string; reason: string; effect: string}> {
	return [
		...walked.junk.map((path) => ({path, reason: 'stray file (not written by MLflow)', effect: junkEffect})),
		...walked.unreadable.map(({path, reason}) => ({path, reason: `cannot read: ${reason}`, effect: 'not shown'})),
	];
}

/** Read every key file under `dir` as a key → value map (params and tags). */
export async function readKeyValues(dir: string): Promise<{values: Array<{key: string; value: string}>; problems: Array<{path: string; reason: string; effect: string}>}> {
	const walked = await walkKeys(dir);
	const problems = walkProblems(walked);
	const values = await Promise.all(
		walked.files.map(async ({key, path}) => {
			const text = await readText(path);
			if (!text.ok) {
				problems.push({path, reason: `cannot read: ${text.reason}`, effect: 'key not shown'});
				return undefined;
			}
			return {key, value: text.value};
		}),
	);
	return {values: values.filter((entry) => entry !== undefined), problems};
}
