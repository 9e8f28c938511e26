// Which backend reads a store, by the URI's scheme: one table, one entry per backend.
// Backends are loaded only when opened (the SQLite driver is a native module).

import type {StoreKind, TrackingStore} from './contract.js';

export class StoreError extends Error {}

export interface OpenContext {
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** --no-cache: keep nothing between runs (backends with a disk cache read everything afresh). */
	noCache?: boolean;
}

export interface Backend {
	kind: StoreKind;
	/** A word for messages: "file store", "SQLite database", "tracking server". */
	noun: string;
	/** Whether this backend reads what `spec` names (a URI or a path). */
	claims(spec: string): boolean;
	open(spec: string, context: OpenContext): Promise<TrackingStore>;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

function schemeOf(spec: string): string | undefined {
	const match = SCHEME.exec(spec);
	// A Windows drive (C:\...) is a path, not a scheme.
	if (!match || /^[a-z]:[\\/]/i.test(spec)) return undefined;
	return match[1]!.toLowerCase();
}

export const backends: Backend[] = [
	{
		kind: 'sqlite',
		noun: 'SQLite database',
		claims: (spec) => schemeOf(spec) === 'sqlite' || (schemeOf(spec) === undefined && /\.(db|sqlite3?)$/i.test(spec)),
		open: async (spec, context) => (await import('./sqlite/open.js')).openSqliteStore(spec, context),
	},
	{
		kind: 'rest',
		noun: 'tracking server',
		claims: (spec) => schemeOf(spec) === 'http' || schemeOf(spec) === 'https',
		open: async (spec, context) => (await import('./rest/open.js')).openRestStore(spec, context),
	},
	{
		kind: 'file',
		noun: 'file store',
		claims: (spec) => schemeOf(spec) === undefined || schemeOf(spec) === 'file',
		open: async (spec, context) => (await import('./file/open.js')).openFileStore(spec, context),
	},
];

/** Schemes MLflow accepts that mlwatch reads through a tracking server instead. */
const THROUGH_A_SERVER = new Set(['postgresql', 'postgres', 'mysql', 'mssql', 'databricks', 'databricks-uc', 'uc']);

export function backendFor(spec: string): Backend {
	const backend = backends.find((candidate) => candidate.claims(spec));
	if (backend) return backend;
	const scheme = schemeOf(spec) ?? spec;
	if (THROUGH_A_SERVER.has(scheme.split('+')[0]!)) {
		throw new StoreError(
			`${spec.replace(/\/\/[^@/]*@/, '//…@')} is a database MLflow's tracking server reads; mlwatch reads it through that server. Start one with 'mlflow server --backend-store-uri <this URI>' (or use your team's; for PostgreSQL, MLflow 3.17 wants postgresql+psycopg2:// unless psycopg 3 is installed) and pass its URL, e.g. --store http://localhost:5000.`,
		);
	}
	throw new StoreError(`mlwatch cannot read '${scheme}:' stores. It reads file stores (a folder or file: URI), SQLite databases (sqlite:///mlflow.db) and tracking servers (http://host:port).`);
}

export function openStore(spec: string, context: OpenContext): Promise<TrackingStore> {
	return backendFor(spec).open(spec, context);
}
