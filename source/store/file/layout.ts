// The file store's layout rules, in one place: which folders are experiments and runs,
// where a run keeps its parts, and what a path under the store means. The reader, the
// watcher and the store chooser all ask here. Layout: reference section 1.

import {existsSync, readdirSync} from 'node:fs';
import {join, relative, sep} from 'node:path';

/** Folders inside an experiment that are not runs (MLflow's RESERVED_EXPERIMENT_FOLDERS). */
export const NOT_RUN_FOLDERS: ReadonlySet<string> = new Set(['tags', 'datasets', 'traces', 'models']);
/** The registry's folder at the store root (MLflow 2.1+). */
export const REGISTRY_FOLDER = 'models';
/** Deleted experiments live here until garbage-collected. */
export const TRASH_FOLDER = '.trash';
/** The parts of a run folder that hold keys, one file per key (nested keys are nested folders). */
export const KEY_FOLDERS = ['params', 'tags', 'metrics'] as const;
export type KeyFolder = (typeof KEY_FOLDERS)[number];

export function isExperimentFolderName(name: string): boolean {
	return name !== REGISTRY_FOLDER && !name.startsWith('.');
}

/** A trash folder: `.trash`, and the `…​.trash` some tools leave. */
export function isTrashFolderName(name: string): boolean {
	return name.endsWith(TRASH_FOLDER);
}

export function isRunFolderName(name: string): boolean {
	return !NOT_RUN_FOLDERS.has(name) && !name.startsWith('.');
}

/** Ids that can name a folder of ours: no separators, no dot-folders. */
export function isSafeId(id: string): boolean {
	return id.length > 0 && !id.includes('/') && !id.includes('\\') && !id.startsWith('.') && id !== '..';
}

/** Keys are relative paths with `/`; none of their parts may climb out. */
export function isSafeKey(key: string): boolean {
	return key.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export function keyPath(runDir: string, folder: KeyFolder, key: string): string {
	return join(runDir, folder, ...key.split('/'));
}

/** True when `dir` looks like a file store: some top-level folder holds a meta.yaml. */
export function looksLikeFileStore(dir: string): boolean {
	try {
		return readdirSync(dir, {withFileTypes: true}).some((entry) => entry.isDirectory() && isExperimentFolderName(entry.name) && existsSync(join(dir, entry.name, 'meta.yaml')));
	} catch {
		return false;
	}
}

/** What a path under the store is, in store terms. */
export type PathMeaning =
	| {kind: 'root'}
	| {kind: 'registry'}
	| {kind: 'trash'}
	| {kind: 'experiment'; experimentDir: string; experimentId: string; inTrash: boolean; part?: string}
	| {kind: 'run'; experimentDir: string; experimentId: string; runDir: string; runId: string; part?: string; key?: string}
	| {kind: 'outside'};

export function meaningOf(root: string, path: string): PathMeaning {
	const rel = relative(root, path);
	if (rel === '') return {kind: 'root'};
	if (rel.startsWith('..')) return {kind: 'outside'};
	const parts = rel.split(sep);
	let index = 0;
	let inTrash = false;
	if (isTrashFolderName(parts[0]!)) {
		if (parts.length === 1) return {kind: 'trash'};
		inTrash = true;
		index = 1;
	} else if (parts[0] === REGISTRY_FOLDER) {
		return {kind: 'registry'};
	} else if (!isExperimentFolderName(parts[0]!)) {
		return {kind: 'outside'};
	}
	const experimentId = parts[index]!;
	const experimentDir = join(root, ...parts.slice(0, index + 1));
	const runName = parts[index + 1];
	if (runName === undefined) return {kind: 'experiment', experimentDir, experimentId, inTrash};
	if (runName === 'meta.yaml' || !isRunFolderName(runName)) return {kind: 'experiment', experimentDir, experimentId, inTrash, part: runName};
	const runDir = join(experimentDir, runName);
	const part = parts[index + 2];
	const keyParts = parts.slice(index + 3);
	const meaning: PathMeaning = {kind: 'run', experimentDir, experimentId, runDir, runId: runName};
	if (part !== undefined) meaning.part = part;
	if (keyParts.length > 0) meaning.key = keyParts.join('/');
	return meaning;
}
