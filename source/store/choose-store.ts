// Which store to open, by MLflow's own rules: `--store`, else MLFLOW_TRACKING_URI, else
// ./mlruns when it holds experiment data, else ./mlflow.db. A folder named on the command
// line may be the store itself or the project holding it.

import {existsSync, realpathSync, statSync} from 'node:fs';
import {dirname, join, resolve, sep} from 'node:path';
import type {StoreDescription, StoreKind} from './contract.js';
import {pathOfFileUri} from './file-uri.js';
import {looksLikeFileStore} from './file/layout.js';
import {backendFor, StoreError} from './registry.js';

export interface StoreChoice {
	/** What to open: a path or a URI. */
	spec: string;
	kind: StoreKind;
	/** Where the choice came from. */
	source: '--store' | 'MLFLOW_TRACKING_URI' | 'default';
	/** Why this store, in words (for `mlwatch status`). */
	reason: string;
}

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

/** A named store: a URI as it is; a folder as a store, or as the project holding one. */
function fromSpec(spec: string, source: StoreChoice['source'], cwd: string): StoreChoice {
	const backend = backendFor(spec);
	if (backend.kind !== 'file') return {spec, kind: backend.kind, source, reason: `${source} names a ${backend.noun}`};
	const path = resolve(cwd, pathOfFileUri(spec));
	if (isFile(path)) throw new StoreError(`${source} names ${path}, which is a file; a file store is a folder (mlruns/), a SQLite store a .db file.`);
	if (!isDirectory(path)) throw new StoreError(`${source} names ${path}, which is not a folder.`);
	// `mlwatch ~/project` is friendlier than making people type ~/project/mlruns.
	if (!looksLikeFileStore(path)) {
		const nested = join(path, 'mlruns');
		if (looksLikeFileStore(nested)) return {spec: nested, kind: 'file', source, reason: `${source} names the project ${path}; its mlruns/ holds experiments`};
		const db = join(path, 'mlflow.db');
		if (isFile(db)) return {spec: db, kind: 'sqlite', source, reason: `${source} names the project ${path}; it holds mlflow.db and no experiments in mlruns/`};
	}
	return {spec: path, kind: 'file', source, reason: `${source} names the file store ${path}`};
}

export function chooseStore(store: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): StoreChoice {
	if (store) return fromSpec(store, '--store', cwd);
	const trackingUri = env['MLFLOW_TRACKING_URI'];
	if (trackingUri) return fromSpec(trackingUri, 'MLFLOW_TRACKING_URI', cwd);
	const mlruns = join(cwd, 'mlruns');
	if (looksLikeFileStore(mlruns)) return {spec: mlruns, kind: 'file', source: 'default', reason: './mlruns holds experiment data, so MLflow uses it'};
	const db = join(cwd, 'mlflow.db');
	if (isFile(db)) return {spec: db, kind: 'sqlite', source: 'default', reason: './mlruns holds no experiment, so MLflow 3.7+ uses ./mlflow.db'};
	const looked = [
		'--store: not given',
		'MLFLOW_TRACKING_URI: not set',
		isDirectory(mlruns) ? `${mlruns}: exists but holds no experiment (no <id>/meta.yaml; an artifact folder of a SQLite store?)` : `${mlruns}: does not exist`,
		existsSync(db) ? `${db}: not a file` : `${db}: does not exist`,
	];
	throw new StoreError(`No MLflow store found. Looked at:\n  ${looked.join('\n  ')}\nPoint mlwatch at one with --store PATH (a folder holding mlruns, mlruns itself, a .db file or http://host:port), or try 'mlwatch demo'.`);
}

/** The nearest existing folder at or above `path`, links resolved. */
function existingAncestor(path: string): string {
	for (let dir = resolve(path); ; dir = dirname(dir)) {
		try {
			return realpathSync(dir);
		} catch {
			if (dirname(dir) === dir) return dir;
		}
	}
}

/**
 * The store a path would land in, if any: the named store's own folder (or database
 * file's folder), or any file store above it. For refusing to write there.
 */
export function storeAround(path: string, store?: StoreDescription): string | undefined {
	const target = existingAncestor(path);
	const own = store?.localPath === undefined ? undefined : existingAncestor(store.kind === 'file' ? store.localPath : dirname(store.localPath));
	if (own !== undefined && store?.kind === 'file' && (target === own || target.startsWith(own + sep))) return own;
	for (let dir = target; ; dir = dirname(dir)) {
		if (looksLikeFileStore(dir)) return dir;
		if (dirname(dir) === dir) return undefined;
	}
}
