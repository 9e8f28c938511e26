// Opens a SQLite store from what names it: `sqlite:///relative/mlflow.db`,
// `sqlite:////absolute/mlflow.db` (as MLflow writes them, SQLAlchemy's URL form), or a bare
// path ending in .db. The driver is loaded only here.

import {statSync} from 'node:fs';
import {isAbsolute, resolve} from 'node:path';
import type {TrackingStore} from '../contract.js';
import {StoreError, type OpenContext} from '../registry.js';
import {sqliteDriver} from './driver.js';
import {SqliteStore} from './sqlite-store.js';

/** The database file a spec names, resolved against `cwd`; a StoreError for forms that name none. */
export function databasePath(spec: string, cwd: string): string {
	if (!/^sqlite:/i.test(spec)) return resolve(cwd, spec);
	const match = /^sqlite(?:\+[a-z0-9]+)?:\/\/([^/]*)(\/.*)?$/i.exec(spec);
	if (!match) throw new StoreError(`'${spec}' is not a SQLite URI MLflow accepts: write sqlite:///relative/path.db or sqlite:////absolute/path.db`);
	const [, host, rest] = match;
	if (host) throw new StoreError(`'${spec}' names a host ('${host}'); a SQLite URI has none: sqlite:///relative/path.db or sqlite:////absolute/path.db`);
	// SQLAlchemy: everything after the third slash is the path; query options are its own.
	const path = (rest ?? '').slice(1).replace(/\?.*$/, '');
	if (path === '' || path === ':memory:') throw new StoreError(`'${spec}' is an in-memory database, which only the process that made it can see`);
	return isAbsolute(path) ? path : resolve(cwd, path);
}

export async function openSqliteStore(spec: string, context: OpenContext): Promise<TrackingStore> {
	const path = databasePath(spec, context.cwd);
	let stats;
	try {
		stats = statSync(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new StoreError(`${path} does not exist. MLflow creates it the first time a run is logged to ${spec.startsWith('sqlite:') ? spec : `sqlite:///${path}`}; mlwatch only reads.`);
		throw new StoreError(`cannot read ${path}: ${code ?? (error as Error).message}`);
	}
	if (stats.isDirectory()) throw new StoreError(`${path} is a folder; a SQLite store is a file such as mlflow.db (a folder holding mlruns/ is a file store).`);
	const Driver = await sqliteDriver();
	return new SqliteStore(Driver, path);
}
