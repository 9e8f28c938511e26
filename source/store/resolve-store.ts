// Which store to open, by the same rules as MLflow's client: `--store`, else
// MLFLOW_TRACKING_URI, else `./mlruns` when it holds experiment data (MLflow 3.7+ then
// falls back to `./mlflow.db`).

import {existsSync, readdirSync, statSync} from 'node:fs';
import {join, resolve} from 'node:path';
import type {TrackingStore} from './backend.js';
import {FileStore} from './file/file-store.js';
import {pathOfFileUri} from './file-uri.js';

export class StoreError extends Error {}

/** True when `dir` looks like a file store: some top-level folder holds a meta.yaml. */
export function holdsExperimentData(dir: string): boolean {
	try {
		return readdirSync(dir, {withFileTypes: true}).some(
			(entry) => entry.isDirectory() && entry.name !== 'models' && !entry.name.startsWith('.') && existsSync(join(dir, entry.name, 'meta.yaml')),
		);
	} catch {
		return false;
	}
}

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

export interface StoreChoice {
	root: string;
	/** Where the choice came from, for messages. */
	source: '--store' | 'MLFLOW_TRACKING_URI' | 'default';
}

function fromUri(uri: string, source: StoreChoice['source'], cwd: string): StoreChoice {
	if (/^sqlite:/i.test(uri) || /\.db$/i.test(uri)) {
		throw new StoreError(`${source} points at a SQLite store (${uri}). mlwatch reads file stores (mlruns/) for now; SQLite support is planned.`);
	}
	if (/^(https?|databricks|postgresql|mysql|mssql)[:+]/i.test(uri) || uri === 'databricks') {
		throw new StoreError(`${source} points at ${uri}. mlwatch reads local file stores (mlruns/) for now; tracking servers and databases are planned.`);
	}
	const path = pathOfFileUri(uri);
	const absolute = resolve(cwd, path);
	if (!isDirectory(absolute)) throw new StoreError(`${source} names ${absolute}, which is not a folder.`);
	// `mlwatch ~/project` is friendlier than making people type ~/project/mlruns.
	const nested = join(absolute, 'mlruns');
	if (!holdsExperimentData(absolute) && holdsExperimentData(nested)) return {root: nested, source};
	return {root: absolute, source};
}

export function chooseStore(store: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): StoreChoice {
	if (store) return fromUri(store, '--store', cwd);
	const trackingUri = env['MLFLOW_TRACKING_URI'];
	if (trackingUri) return fromUri(trackingUri, 'MLFLOW_TRACKING_URI', cwd);
	const mlruns = join(cwd, 'mlruns');
	if (holdsExperimentData(mlruns)) return {root: mlruns, source: 'default'};
	const looked = [
		'--store: not given',
		'MLFLOW_TRACKING_URI: not set',
		isDirectory(mlruns) ? `${mlruns}: exists but holds no experiment (no <id>/meta.yaml; an artifact folder of a SQLite store?)` : `${mlruns}: does not exist`,
	];
	const db = join(cwd, 'mlflow.db');
	if (existsSync(db)) looked.push(`${db}: a SQLite store, which mlwatch cannot read yet`);
	throw new StoreError(`No MLflow store found. Looked at:\n  ${looked.join('\n  ')}\nPoint mlwatch at one with --store PATH (the folder that holds mlruns, or mlruns itself), or try 'mlwatch demo'.`);
}

export function openStore(store: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): TrackingStore & {root: string} {
	const choice = chooseStore(store, env, cwd);
	return new FileStore(choice.root);
}
