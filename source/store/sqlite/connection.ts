// One read-only connection to an MLflow database, opened so that nothing is ever written
// beside it: read-only and query-only, temporary tables in memory, no migrations. MLflow
// keeps its database in rollback-journal mode, where a reader creates no file. A database
// someone switched to WAL mode is different: a reader would create the -wal and -shm files
// when no writer has them open, so such a database is read from a copy in memory instead.
// LIKE and ILIKE are the shared grammar's (search/like.ts), so SQLite and file stores
// select the same runs.

import {closeSync, openSync, readFileSync, readSync, statSync} from 'node:fs';
import {StoreError} from '../registry.js';
import {ilike, like} from '../search/index.js';
import type {Database, DatabaseConstructor, Statement} from './driver.js';

/** How long a read waits for a writer's commit before giving up. */
const BUSY_TIMEOUT_MS = 2000;
/** A WAL database without a writer is copied into memory; beyond this it is refused. */
const SNAPSHOT_LIMIT_BYTES = 512 * 1024 * 1024;
const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

type Params = unknown[];

interface FileStamp {
	size: number;
	mtimeMs: number;
	ino: number;
}

function stampOf(path: string): FileStamp | undefined {
	try {
		const stats = statSync(path);
		return {size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino};
	} catch {
		return undefined;
	}
}

function exists(path: string): boolean {
	return stampOf(path) !== undefined;
}

/** The first 100 bytes of the file (SQLite's header), or why they cannot be read. */
function readHeader(path: string): Buffer {
	let fd: number | undefined;
	try {
		fd = openSync(path, 'r');
		const buffer = Buffer.alloc(100);
		const read = readSync(fd, buffer, 0, 100, 0);
		return buffer.subarray(0, read);
	} catch (error) {
		throw new StoreError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** Driver errors in plain words; everything else unchanged. */
export function plainError(error: unknown, path: string): unknown {
	const code = (error as {code?: unknown})?.code;
	if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
	const message = (error as Error).message;
	if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new StoreError(`${path} stayed locked by a writer for more than ${BUSY_TIMEOUT_MS / 1000} s; try again`);
	if (code === 'SQLITE_READONLY_ROLLBACK') return new StoreError(`${path} has an unfinished transaction left by a writer that stopped (${path}-journal); open it once with MLflow or sqlite3 to roll it back; mlwatch only reads`);
	if (code.startsWith('SQLITE_CORRUPT')) return new StoreError(`${path} is damaged (${message}); 'sqlite3 ${path} .recover' may save what is left`);
	if (code === 'SQLITE_NOTADB') return new StoreError(`${path} is not a SQLite database`);
	if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM') return new StoreError(`cannot read ${path}: ${message}`);
	return new StoreError(`reading ${path} failed: ${message}`);
}

export class SqliteConnection {
	private db: Database;
	private readonly statements = new Map<string, Statement>();
	private snapshotStamp: FileStamp | undefined;
	/** True when reading a copy in memory (a WAL database without a writer). */
	private snapshot: boolean;
	/** How many times the copy in memory was read again. */
	reloads = 0;

	private constructor(
		private readonly Driver: DatabaseConstructor,
		readonly path: string,
	) {
		const {db, snapshot} = this.connect();
		this.db = db;
		this.snapshot = snapshot;
	}

	/** Opens `path` read-only; a StoreError says plainly why not. */
	static open(Driver: DatabaseConstructor, path: string): SqliteConnection {
		const header = readHeader(path);
		if (header.length === 0) throw new StoreError(`${path} is empty: MLflow creates its tables the first time it opens the database, and mlwatch only reads`);
		if (header.length < 100 || !header.subarray(0, 16).equals(HEADER)) throw new StoreError(`${path} is not a SQLite database`);
		try {
			return new SqliteConnection(Driver, path);
		} catch (error) {
			throw plainError(error, path);
		}
	}

	private connect(): {db: Database; snapshot: boolean} {
		const header = readHeader(this.path);
		const wal = header[18] === 2 || header[19] === 2;
		let db: Database;
		let snapshot = false;
		if (wal && !exists(`${this.path}-shm`)) {
			// No writer has it open: a reader would create -wal and -shm. Read a copy instead.
			const stamp = stampOf(this.path);
			if (stamp && stamp.size > SNAPSHOT_LIMIT_BYTES) {
				throw new StoreError(`${this.path} is in WAL mode and no program has it open, so reading it in place would create ${this.path}-wal and -shm beside it, and it is too big to read from memory; open it while MLflow is using it, or switch it back with 'sqlite3 ${this.path} "PRAGMA journal_mode=DELETE"'`);
			}
			const bytes = readFileSync(this.path);
			// Marked as a rollback-journal database: the copy has no -wal file to look for.
			bytes[18] = 1;
			bytes[19] = 1;
			db = new this.Driver(bytes);
			this.snapshotStamp = stamp;
			snapshot = true;
		} else {
			db = new this.Driver(this.path, {readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS});
		}
		db.pragma('query_only = ON');
		db.pragma('temp_store = MEMORY');
		// MLflow's setting; LIKE itself goes through the functions below.
		db.pragma('case_sensitive_like = ON');
		const text = (value: unknown) => (value === null || value === undefined ? null : typeof value === 'string' ? value : String(value));
		db.function('mlwatch_like', {deterministic: true}, (value: unknown, pattern: unknown) => {
			const v = text(value);
			const p = text(pattern);
			return v === null || p === null ? null : like(v, p) ? 1 : 0;
		});
		db.function('mlwatch_ilike', {deterministic: true}, (value: unknown, pattern: unknown) => {
			const v = text(value);
			const p = text(pattern);
			return v === null || p === null ? null : ilike(v, p) ? 1 : 0;
		});
		return {db, snapshot};
	}

	get inMemoryCopy(): boolean {
		return this.snapshot;
	}

	private statement(sql: string, raw = false) {
		const key = raw ? `raw\0${sql}` : sql;
		let statement = this.statements.get(key);
		if (!statement) {
			statement = this.db.prepare<unknown[]>(sql);
			if (raw) statement.raw(true);
			if (this.statements.size > 200) this.statements.clear();
			this.statements.set(key, statement);
		}
		return statement;
	}

	private guard<T>(work: () => T): T {
		try {
			return work();
		} catch (error) {
			throw plainError(error, this.path);
		}
	}

	all<T = Record<string, unknown>>(sql: string, params: Params = []): T[] {
		return this.guard(() => this.statement(sql).all(...params) as T[]);
	}

	get<T = Record<string, unknown>>(sql: string, params: Params = []): T | undefined {
		return this.guard(() => this.statement(sql).get(...params) as T | undefined);
	}

	/** Rows as arrays, for large results (histories). */
	rows(sql: string, params: Params = []): unknown[][] {
		return this.guard(() => this.statement(sql, true).all(...params) as unknown[][]);
	}

	/** Each row as an array, without building them all at once (long histories). */
	forEachRow(sql: string, params: Params, visit: (row: unknown[]) => void): void {
		this.guard(() => {
			for (const row of this.statement(sql, true).iterate(...params) as IterableIterator<unknown[]>) visit(row);
		});
	}

	/** The work in one read transaction, so that its queries see one state of the database. */
	read<T>(work: () => T): T {
		return this.guard(() => {
			if (this.db.inTransaction) return work();
			this.db.exec('BEGIN');
			try {
				return work();
			} finally {
				if (this.db.inTransaction) this.db.exec('COMMIT');
			}
		});
	}

	/** SQLite's counter of commits by other connections (cheap: no table is read). */
	dataVersion(): number {
		return this.guard(() => Number(this.db.pragma('data_version', {simple: true})));
	}

	schemaVersion(): number {
		return this.guard(() => Number(this.db.pragma('schema_version', {simple: true})));
	}

	/**
	 * For a copy in memory: whether the file changed since it was read, re-reading it if so
	 * (or switching to reading in place once a writer has it open). Always false otherwise.
	 */
	reloadIfChanged(): boolean {
		if (!this.snapshot) return false;
		const stamp = stampOf(this.path);
		const same = stamp && this.snapshotStamp && stamp.size === this.snapshotStamp.size && stamp.mtimeMs === this.snapshotStamp.mtimeMs && stamp.ino === this.snapshotStamp.ino;
		if (same && !exists(`${this.path}-shm`)) return false;
		const next = this.guard(() => this.connect());
		this.statements.clear();
		this.db.close();
		this.db = next.db;
		this.snapshot = next.snapshot;
		this.reloads++;
		return true;
	}

	close(): void {
		this.statements.clear();
		if (this.db.open) this.db.close();
	}
}
