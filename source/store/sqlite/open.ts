// Placeholder until the SQLite backend lands (issue 9).

import type {TrackingStore} from '../contract.js';
import {StoreError, type OpenContext} from '../registry.js';

export async function openSqliteStore(spec: string, _context: OpenContext): Promise<TrackingStore> {
	throw new StoreError(`${spec} is a SQLite store; mlwatch cannot read SQLite stores yet.`);
}
