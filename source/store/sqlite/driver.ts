// The SQLite driver (better-sqlite3, an optional native dependency), loaded on first use:
// other stores never load it, and a missing or unbuilt module becomes one line saying how
// to install it instead of a stack trace.

import type BetterSqlite3 from 'better-sqlite3';
import {StoreError} from '../registry.js';

export type Database = BetterSqlite3.Database;
export type DatabaseConstructor = typeof BetterSqlite3;
export type Statement = BetterSqlite3.Statement<unknown[]>;

const INSTALL = 'npm install better-sqlite3@12';

let loaded: Promise<DatabaseConstructor> | undefined;

function installMessage(reason: string): string {
	return `mlwatch reads SQLite stores with the better-sqlite3 module, which ${reason}; install it in mlwatch's folder with '${INSTALL}' (it needs a C++ compiler when no prebuilt binary fits this Node.js).`;
}

async function load(): Promise<DatabaseConstructor> {
	let constructor: DatabaseConstructor;
	try {
		const module = (await import('better-sqlite3')) as unknown as {default: DatabaseConstructor};
		constructor = module.default;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new StoreError(installMessage(code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'is not installed' : `could not be loaded (${firstLine(error)})`));
	}
	// The native part is loaded by the first connection: try one that touches no file.
	try {
		new constructor(':memory:').close();
	} catch (error) {
		throw new StoreError(installMessage(`is installed but its native part did not build or does not fit this Node.js ${process.version} (${firstLine(error)})`));
	}
	return constructor;
}

function firstLine(error: unknown): string {
	return String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 200);
}

/** The driver, loaded once; rejects with a StoreError saying how to install it. */
export function sqliteDriver(): Promise<DatabaseConstructor> {
	loaded ??= load();
	loaded.catch(() => {
		// A failed load may be fixed by installing while the process runs: try again next time.
		loaded = undefined;
	});
	return loaded;
}
