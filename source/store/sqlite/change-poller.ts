// Follows an MLflow database by polling, cheaply: each tick asks SQLite's data_version
// (which moves only when another connection committed) and stats the file (a database
// replaced by a copy is a new inode). Only when something moved do a few small queries
// find out what, and say it in store terms:
//   * rows added since the last look, by rowid (metrics with their keys, params, tags,
//     runs): a new row always gets a higher rowid than any before it;
//   * the runs that were RUNNING, by primary key (status, end, name, tags rewritten in place);
//   * the small tables (experiments, registry, logged models) as aggregate signatures;
//   * the runs table as a per-experiment signature (deletions, renames of finished runs),
//     a full scan, so only when nothing above explained the commit, or every few seconds.

import {statSync} from 'node:fs';
import type {ChangeFeed, StoreChange} from '../contract.js';
import {emptyChange, EVERYTHING, isEmptyChange} from '../changes.js';
import type {SqliteConnection} from './connection.js';
import type {Schema} from './schema.js';

export interface PollTarget {
	connection(): SqliteConnection;
	schema(): Schema;
	/** The file was replaced or its schema changed: open it again. */
	reopen(): void;
	readonly path: string;
}

export const DEFAULT_POLL_MS = 1000;
/** How often the full scan of the runs table runs while other changes explain each commit. */
const FULL_CHECK_MS = 5000;
const ROWID_TABLES = ['metrics', 'params', 'tags', 'runs', 'inputs'] as const;

interface RunMark {
	experimentId: string;
	signature: string;
}

interface Marks {
	dataVersion: number;
	schemaVersion: number;
	file?: string;
	rowids: Partial<Record<(typeof ROWID_TABLES)[number], number>>;
	running: Map<string, RunMark>;
	experiments: string;
	registry: string;
	models: Map<string, string>;
	runs: Map<string, string>;
	fullCheckAt: number;
}

function fileIdentity(path: string): string | undefined {
	try {
		const stats = statSync(path);
		return `${stats.dev}:${stats.ino}`;
	} catch {
		return undefined;
	}
}

const IDS = '(SELECT value FROM json_each(?))';

export class SqliteChangePoller implements ChangeFeed {
	readonly mode = 'poll' as const;
	private readonly listeners = new Set<(change: StoreChange) => void>();
	private marks: Marks | undefined;
	private timer: NodeJS.Timeout | undefined;
	private closed = false;
	private first: Promise<void> | undefined;
	private failures = 0;
	private lastError: string | undefined;

	constructor(
		private readonly target: PollTarget,
		private readonly intervalMs = DEFAULT_POLL_MS,
	) {}

	get warning(): string | undefined {
		return this.lastError === undefined ? undefined : `cannot follow the database: ${this.lastError}; trying again`;
	}

	subscribe(listener: (change: StoreChange) => void): () => void {
		this.listeners.add(listener);
		void this.ready();
		return () => {
			this.listeners.delete(listener);
		};
	}

	ready(): Promise<void> {
		this.first ??= new Promise((resolve) => {
			// The first look sets the marks; changes are counted from there.
			setImmediate(() => {
				this.tick();
				resolve();
			});
		});
		return this.first;
	}

	async close(): Promise<void> {
		this.closed = true;
		this.listeners.clear();
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}

	private schedule(): void {
		if (this.closed) return;
		// Backs off while the database cannot be read (locked, gone), up to ten intervals.
		const delay = this.intervalMs * Math.min(10, 1 + this.failures);
		this.timer = setTimeout(() => this.tick(), delay);
		this.timer.unref();
	}

	private tick(): void {
		if (this.closed) return;
		try {
			const change = this.poll();
			this.failures = 0;
			this.lastError = undefined;
			if (change && !isEmptyChange(change)) for (const listener of [...this.listeners]) listener(change);
		} catch (error) {
			this.failures++;
			this.lastError = (error as Error).message;
		}
		this.schedule();
	}

	/** What changed since the last look; undefined the first time (or when nothing moved). */
	private poll(): StoreChange | undefined {
		const file = fileIdentity(this.target.path);
		if (this.marks && file !== this.marks.file) {
			if (file === undefined) throw new Error(`${this.target.path} is gone`);
			this.target.reopen();
			this.marks = this.look(undefined);
			return EVERYTHING;
		}
		const connection = this.target.connection();
		if (connection.inMemoryCopy) {
			if (this.marks && !connection.reloadIfChanged()) return undefined;
		} else if (this.marks && connection.dataVersion() === this.marks.dataVersion) {
			return undefined;
		}
		if (this.marks && connection.schemaVersion() !== this.marks.schemaVersion) {
			this.target.reopen();
			this.marks = this.look(undefined);
			return EVERYTHING;
		}
		const previous = this.marks;
		const change = emptyChange();
		this.marks = this.look(previous, change);
		return previous ? change : undefined;
	}

	/** Takes the marks, and (given the previous ones) fills `change` with the differences. */
	private look(previous: Marks | undefined, change: StoreChange = emptyChange()): Marks {
		const connection = this.target.connection();
		const schema = this.target.schema();
		return connection.read(() => {
			const marks: Marks = {
				dataVersion: connection.inMemoryCopy ? 0 : connection.dataVersion(),
				schemaVersion: connection.schemaVersion(),
				file: fileIdentity(this.target.path),
				rowids: {},
				running: new Map(),
				experiments: '',
				registry: '',
				models: new Map(),
				runs: previous?.runs ?? new Map(),
				fullCheckAt: previous?.fullCheckAt ?? 0,
			};
			const touched = new Map<string, {experimentId?: string; metrics?: Set<string>; other: boolean}>();
			const touch = (runId: string, metric?: string, experimentId?: string) => {
				let entry = touched.get(runId);
				if (!entry) touched.set(runId, (entry = {other: false}));
				if (experimentId !== undefined) entry.experimentId = experimentId;
				if (metric === undefined) entry.other = true;
				else (entry.metrics ??= new Set()).add(metric);
			};
			const experimentRuns = new Set<string>();
			let unexplained = previous !== undefined;
			let rowidsWentBack = false;

			for (const table of ROWID_TABLES) {
				if (!schema.rowids.has(table)) continue;
				const max = Number(connection.get<{max: number | null}>(`SELECT max(rowid) AS max FROM ${table}`)?.max ?? 0);
				marks.rowids[table] = max;
				const since = previous?.rowids[table];
				if (since === undefined || max === since) continue;
				if (max < since) {
					// Rows were removed at the end: later rows may reuse their ids; look at everything.
					rowidsWentBack = true;
					continue;
				}
				unexplained = false;
				if (table === 'metrics') {
					for (const row of connection.all<{run_uuid: string; key: string}>('SELECT DISTINCT run_uuid, key FROM metrics WHERE rowid > ? AND rowid <= ?', [since, max])) touch(row.run_uuid, row.key);
				} else if (table === 'inputs') {
					// Dataset inputs point at the run; model inputs and outputs come from it.
					for (const row of connection.all<{run_uuid: string}>("SELECT DISTINCT CASE WHEN destination_type = 'RUN' THEN destination_id ELSE source_id END AS run_uuid FROM inputs WHERE rowid > ? AND rowid <= ? AND (destination_type = 'RUN' OR source_type IN ('RUN_INPUT', 'RUN_OUTPUT'))", [since, max])) touch(row.run_uuid);
				} else if (table === 'runs') {
					for (const row of connection.all<{run_uuid: string; experiment_id: unknown}>('SELECT run_uuid, experiment_id FROM runs WHERE rowid > ? AND rowid <= ?', [since, max])) {
						touch(row.run_uuid, undefined, String(row.experiment_id));
						experimentRuns.add(String(row.experiment_id));
					}
				} else {
					for (const row of connection.all<{run_uuid: string}>(`SELECT DISTINCT run_uuid FROM ${table} WHERE rowid > ? AND rowid <= ?`, [since, max])) touch(row.run_uuid);
				}
			}

			// Runs that were running (and the ones just created): their rows change in place.
			const watched = new Set([...(previous?.running.keys() ?? []), ...touched.keys()]);
			const tagSignature = schema.has('tags') ? `(SELECT count(*) || ':' || total(length(t.value)) FROM tags t WHERE t.run_uuid = r.run_uuid)` : "''";
			const name = schema.has('runs', 'name') ? 'r.name' : "''";
			const end = schema.has('runs', 'end_time') ? 'r.end_time' : "''";
			const stage = schema.has('runs', 'lifecycle_stage') ? 'r.lifecycle_stage' : "''";
			const runSignature = `COALESCE(r.status, '') || '|' || COALESCE(${end}, '') || '|' || COALESCE(${stage}, '') || '|' || COALESCE(${name}, '') || '|' || ${tagSignature}`;
			const seen = new Set<string>();
			if (watched.size > 0) {
				for (const row of connection.all<{run_uuid: string; experiment_id: unknown; status: string; signature: string}>(`SELECT r.run_uuid, r.experiment_id, r.status, ${runSignature} AS signature FROM runs r WHERE r.run_uuid IN ${IDS}`, [JSON.stringify([...watched])])) {
					const experimentId = String(row.experiment_id);
					seen.add(row.run_uuid);
					const before = previous?.running.get(row.run_uuid);
					if (before && before.signature !== row.signature) {
						touch(row.run_uuid, undefined, experimentId);
						unexplained = false;
					} else if (touched.has(row.run_uuid)) {
						touched.get(row.run_uuid)!.experimentId = experimentId;
					}
					if (row.status === 'RUNNING') marks.running.set(row.run_uuid, {experimentId, signature: row.signature});
				}
			}
			for (const runId of previous?.running.keys() ?? []) {
				if (seen.has(runId)) continue;
				// A running run vanished (deleted for good).
				const experimentId = previous!.running.get(runId)!.experimentId;
				experimentRuns.add(experimentId);
				touch(runId, undefined, experimentId);
				unexplained = false;
			}
			if (!previous) {
				for (const row of connection.all<{run_uuid: string; experiment_id: unknown; signature: string}>(`SELECT r.run_uuid, r.experiment_id, ${runSignature} AS signature FROM runs r WHERE r.status = 'RUNNING'`)) {
					marks.running.set(row.run_uuid, {experimentId: String(row.experiment_id), signature: row.signature});
				}
			}

			// Small tables: compared whole, every time.
			marks.experiments = this.experimentsSignature(connection, schema);
			if (previous && marks.experiments !== previous.experiments) {
				change.experiments = true;
				unexplained = false;
			}
			marks.registry = this.registrySignature(connection, schema);
			if (previous && marks.registry !== previous.registry) {
				change.models = true;
				unexplained = false;
			}
			marks.models = this.modelsSignature(connection, schema);
			for (const [experimentId, signature] of marks.models) {
				if (previous && previous.models.get(experimentId) !== signature) {
					experimentRuns.add(experimentId);
					unexplained = false;
				}
			}

			// The runs table whole: what changes in place on runs that were not running.
			const now = Date.now();
			if (!previous || unexplained || rowidsWentBack || !schema.rowids.has('runs') || now - marks.fullCheckAt >= FULL_CHECK_MS) {
				marks.fullCheckAt = now;
				const runs = this.runsSignature(connection, schema);
				if (previous) {
					for (const experimentId of new Set([...runs.keys(), ...marks.runs.keys()])) {
						if (runs.get(experimentId) !== marks.runs.get(experimentId)) experimentRuns.add(experimentId);
					}
				}
				marks.runs = runs;
				// Rows removed at the end of a table cannot be placed: every experiment's runs may have changed.
				if (previous && rowidsWentBack) for (const experimentId of runs.keys()) experimentRuns.add(experimentId);
			}

			// Experiment ids of runs known only by id (new metric, param or tag rows).
			const unknown = [...touched].filter(([, entry]) => entry.experimentId === undefined).map(([runId]) => runId);
			if (unknown.length > 0) {
				for (const row of connection.all<{run_uuid: string; experiment_id: unknown}>(`SELECT run_uuid, experiment_id FROM runs WHERE run_uuid IN ${IDS}`, [JSON.stringify(unknown)])) {
					touched.get(row.run_uuid)!.experimentId = String(row.experiment_id);
				}
			}
			change.experimentRuns = [...experimentRuns].sort();
			change.runs = [...touched]
				.filter(([, entry]) => entry.experimentId !== undefined)
				.map(([runId, entry]) => (entry.metrics && !entry.other ? {experimentId: entry.experimentId!, runId, metrics: [...entry.metrics].sort()} : {experimentId: entry.experimentId!, runId}));
			return marks;
		});
	}

	private experimentsSignature(connection: SqliteConnection, schema: Schema): string {
		const parts: unknown[] = [];
		const updated = schema.has('experiments', 'last_update_time') ? 'total(last_update_time)' : "''";
		const stage = schema.has('experiments', 'lifecycle_stage') ? "sum(lifecycle_stage = 'deleted')" : "''";
		const row = connection.get(`SELECT count(*) AS n, max(experiment_id) AS top, ${updated} AS updated, ${stage} AS deleted, total(length(name)) AS names FROM experiments`);
		parts.push(...Object.values(row ?? {}));
		if (schema.has('experiment_tags')) parts.push(...Object.values(connection.get('SELECT count(*) AS n, total(length(value)) AS size FROM experiment_tags') ?? {}));
		return parts.join('|');
	}

	private registrySignature(connection: SqliteConnection, schema: Schema): string {
		const parts: unknown[] = [];
		const add = (table: string, sql: string) => {
			if (schema.has(table)) parts.push(...Object.values(connection.get(sql) ?? {}));
		};
		add('registered_models', 'SELECT count(*), total(last_updated_time), total(length(description)) FROM registered_models');
		add('model_versions', "SELECT count(*), total(last_updated_time), sum(current_stage = 'Deleted_Internal') FROM model_versions");
		add('registered_model_tags', 'SELECT count(*), total(length(value)) FROM registered_model_tags');
		add('model_version_tags', 'SELECT count(*), total(length(value)) FROM model_version_tags');
		add('registered_model_aliases', 'SELECT count(*), total(version) FROM registered_model_aliases');
		return parts.join('|');
	}

	private modelsSignature(connection: SqliteConnection, schema: Schema): Map<string, string> {
		const out = new Map<string, string>();
		if (!schema.has('logged_models')) return out;
		for (const row of connection.all<{experiment_id: unknown; n: number; updated: number}>('SELECT experiment_id, count(*) AS n, total(last_updated_timestamp_ms) AS updated FROM logged_models GROUP BY experiment_id')) {
			out.set(String(row.experiment_id), `${row.n}|${row.updated}`);
		}
		for (const table of ['logged_model_metrics', 'logged_model_params', 'logged_model_tags']) {
			if (!schema.has(table, 'experiment_id')) continue;
			for (const row of connection.all<{experiment_id: unknown; n: number}>(`SELECT experiment_id, count(*) AS n FROM ${table} GROUP BY experiment_id`)) {
				const id = String(row.experiment_id);
				out.set(id, `${out.get(id) ?? ''}|${table}:${row.n}`);
			}
		}
		return out;
	}

	private runsSignature(connection: SqliteConnection, schema: Schema): Map<string, string> {
		const out = new Map<string, string>();
		const column = (name: string, fallback = "''") => (schema.has('runs', name) ? name : fallback);
		const rows = connection.all<{experiment_id: unknown; signature: string}>(
			`SELECT experiment_id, count(*) || '|' || sum(${column('lifecycle_stage')} = 'deleted') || '|' || sum(status = 'RUNNING') || '|' || total(${column('start_time', '0')}) || '|' || total(${column('end_time', '0')}) || '|' || total(length(${column('name')})) AS signature FROM runs GROUP BY experiment_id`,
		);
		for (const row of rows) out.set(String(row.experiment_id), row.signature);
		return out;
	}
}
