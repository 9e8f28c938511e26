// What this database holds, found by looking (sqlite_master, PRAGMA table_info) rather
// than by trusting one alembic revision: MLflow has added tables and columns in almost
// every release since 1.x, and a database is read at whatever revision it is. The SQL
// fragments the queries use are chosen here once, from what exists.

import {StoreError} from '../registry.js';
import type {SqliteConnection} from './connection.js';

export interface Schema {
	/** alembic_version.version_num, when the table has one. */
	revision?: string;
	has(table: string, column?: string): boolean;
	/** Where the latest value per (run, key) comes from: the table (1.9+) or computed. */
	latestMetrics: string;
	/** `metrics` with the columns every revision can answer (step and is_nan came later). */
	metrics: string;
	/** Whether rows can be told apart by rowid, which lets the change poller find new rows cheaply. */
	rowids: Set<string>;
}

const REQUIRED = ['experiments', 'runs'];

export function detectSchema(connection: SqliteConnection): Schema {
	const tables = new Map<string, Set<string>>();
	for (const {name} of connection.all<{name: string}>("SELECT name FROM sqlite_master WHERE type = 'table'")) {
		const columns = connection.all<{name: string}>('SELECT name FROM pragma_table_info(?)', [name]);
		tables.set(name, new Set(columns.map((column) => column.name)));
	}
	const missing = REQUIRED.filter((table) => !tables.has(table));
	if (missing.length > 0) {
		const what = tables.size === 0 ? 'no tables at all' : `no ${missing.join(' or ')} table`;
		throw new StoreError(`${connection.path} is a SQLite database but not an MLflow tracking store (${what})`);
	}
	const has = (table: string, column?: string) => {
		const columns = tables.get(table);
		return columns !== undefined && (column === undefined || columns.has(column));
	};
	let revision: string | undefined;
	if (has('alembic_version', 'version_num')) {
		const rows = connection.all<{version_num: string}>('SELECT version_num FROM alembic_version');
		if (rows.length > 0) revision = rows.map((row) => row.version_num).join(',');
	}

	const metricsStep = has('metrics', 'step') ? 'step' : '0 AS step';
	const metricsNan = has('metrics', 'is_nan') ? 'is_nan' : '0 AS is_nan';
	const metrics = !has('metrics')
		? '(SELECT NULL AS key, NULL AS value, NULL AS timestamp, NULL AS run_uuid, NULL AS step, NULL AS is_nan WHERE 0)'
		: has('metrics', 'step') && has('metrics', 'is_nan')
			? 'metrics'
			: `(SELECT key, value, timestamp, run_uuid, ${metricsStep}, ${metricsNan} FROM metrics)`;
	// Before latest_metrics existed (early 1.x) the latest point is computed with
	// MLflow's rule: highest step, then timestamp, then value.
	const latestMetrics = has('latest_metrics')
		? has('latest_metrics', 'is_nan')
			? 'latest_metrics'
			: '(SELECT key, run_uuid, value, timestamp, step, 0 AS is_nan FROM latest_metrics)'
		: `(SELECT key, run_uuid, value, timestamp, step, is_nan FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY run_uuid, key ORDER BY step DESC, timestamp DESC, value DESC) AS latest_rank FROM ${metrics}) WHERE latest_rank = 1)`;

	const rowids = new Set<string>();
	for (const table of ['metrics', 'params', 'tags', 'runs', 'inputs']) {
		if (!has(table)) continue;
		try {
			connection.get(`SELECT rowid FROM "${table}" LIMIT 1`);
			rowids.add(table);
		} catch {
			// A WITHOUT ROWID table: changes there are found by counting instead.
		}
	}
	return {revision, has, latestMetrics, metrics, rowids};
}
