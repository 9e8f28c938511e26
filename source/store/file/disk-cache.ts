// What the file store read, kept in the user's cache folder (never in the store) so that
// opening the same store again costs a stat per file instead of a read and a parse. Each
// run is kept as MLflow's Run with the stamps (size, mtime, ctime, inode) of every file and
// folder it came from, and used only after all of them are checked again, so a changed,
// replaced or truncated file is never served stale (run-state.ts, LightData). Runs that
// had problems keep only their meta.yaml's reading. Written to a temporary file and
// renamed, so two mlwatch processes at once each see a whole cache (the last one written
// wins); bounded in size and in the number of stores kept. Written and read in chunks of
// runs, and each run's data kept as the serialized bytes a parked run holds (run-state.ts),
// so that neither side ever holds a second copy of a big store at once.

import {createHash} from 'node:crypto';
import {closeSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {deserialize, serialize} from 'node:v8';
import type {Problem, RunInfo} from '../types.js';
import type {Stamp} from './fs-sync.js';
import {lastRecorded, lightOf, newRunState, type RunState} from './run-state.js';

/** Bump when what is kept changes shape: older caches are then ignored. */
const FORMAT = 4;
/** Runs per serialized chunk. */
const CHUNK_RUNS = 2000;
/** A store's cache bigger than this is not written (the store is read as if uncached). */
export const MAX_CACHE_BYTES = 512 << 20;
/** The folder keeps the caches of this many stores at most, newest first. */
const MAX_STORES = 16;
/** A temporary file older than this was left by a process that died while writing. */
const STALE_TEMP_MS = 60 * 60_000;

export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
	return join(base, 'mlwatch', 'stores');
}

interface PersistedRun {
	dir: string;
	runId: string;
	experimentId: string;
	version: number;
	metaStamp: Stamp;
	info: RunInfo;
	metaKeys?: string[];
	foreign: boolean;
	metaProblems: readonly Problem[];
	/** The run and what checks it, serialized as a parked run keeps them. */
	data?: Uint8Array;
	newest?: number;
}

/** The first chunk; each one after it is an array of PersistedRun. */
interface CacheHead {
	format: number;
	root: string;
	runs: number;
}

function toPersisted(state: RunState): PersistedRun | undefined {
	if (!state.info || !state.metaStamp) return undefined;
	const persisted: PersistedRun = {dir: state.dir, runId: state.runId, experimentId: state.experimentId, version: state.version, metaStamp: state.metaStamp, info: state.info, foreign: state.foreign, metaProblems: state.metaProblems};
	if (state.metaKeys) persisted.metaKeys = state.metaKeys;
	if (state.parked) persisted.data = state.parked;
	else {
		const light = lightOf(state);
		if (light && state.run) persisted.data = serialize({run: state.run, light});
	}
	if (persisted.data) {
		const newest = lastRecorded(state);
		if (newest !== undefined) persisted.newest = newest;
	}
	return persisted;
}

function fromPersisted(persisted: PersistedRun): RunState {
	const state = newRunState(persisted.dir, persisted.runId, persisted.experimentId);
	Object.assign(state, {version: persisted.version, metaStamp: persisted.metaStamp, info: persisted.info, foreign: persisted.foreign, metaProblems: persisted.metaProblems, metaDirty: false, dataDirty: false});
	if (persisted.metaKeys) state.metaKeys = persisted.metaKeys;
	state.listings = new Map();
	if (persisted.data) {
		// A copy: what deserialize hands back is a view into the whole cache file.
		state.parked = persisted.data.slice();
		if (persisted.newest !== undefined) state.parkedNewest = persisted.newest;
	}
	return state;
}

export class DiskCache {
	private readonly file: string;
	/** Each run's version as loaded: only a cache with something new is written back. */
	private readonly loaded = new Map<string, number>();

	constructor(
		private readonly root: string,
		private readonly folder: string,
	) {
		let real = root;
		try {
			real = realpathSync(root);
		} catch {
			// a store that is not there has nothing to cache anyway
		}
		this.file = join(folder, `${createHash('sha256').update(real).digest('hex').slice(0, 24)}.cache`);
	}

	/** The runs read last time, by folder; empty when there is no usable cache. */
	load(): Map<string, RunState> {
		const out = new Map<string, RunState>();
		let chunks: Generator<unknown> | undefined;
		try {
			chunks = readChunks(this.file);
			const head = chunks.next().value as CacheHead | undefined;
			if (head?.format !== FORMAT || head.root !== this.root) return new Map();
			for (const chunk of chunks) {
				for (const persisted of chunk as PersistedRun[]) {
					const state = fromPersisted(persisted);
					out.set(state.dir, state);
				}
			}
			if (out.size !== head.runs) return new Map();
		} catch {
			return new Map();
		} finally {
			chunks?.return(undefined);
		}
		for (const state of out.values()) this.loaded.set(state.dir, state.version);
		return out;
	}

	/** Writes the runs back when any of them changed since they were loaded. */
	save(states: readonly RunState[]): void {
		const changed = states.length !== this.loaded.size || states.some((state) => this.loaded.get(state.dir) !== state.version);
		if (!changed) return;
		const temporary = `${this.file}.${process.pid}.tmp`;
		let fd: number | undefined;
		try {
			mkdirSync(this.folder, {recursive: true});
			fd = openSync(temporary, 'w');
			const persisted = states.map(toPersisted).filter((run) => run !== undefined);
			let written = writeChunk(fd, {format: FORMAT, root: this.root, runs: persisted.length} satisfies CacheHead);
			for (let at = 0; at < persisted.length && written <= MAX_CACHE_BYTES; at += CHUNK_RUNS) written += writeChunk(fd, persisted.slice(at, at + CHUNK_RUNS));
			closeSync(fd);
			fd = undefined;
			if (written > MAX_CACHE_BYTES) {
				rmSync(temporary, {force: true});
				return;
			}
			renameSync(temporary, this.file);
			for (const state of states) this.loaded.set(state.dir, state.version);
			this.prune();
		} catch {
			// A cache that cannot be written only means the next start reads the store again.
			if (fd !== undefined) closeSync(fd);
			rmSync(temporary, {force: true});
		}
	}

	/** Keeps the newest caches only, and clears temporary files of processes that died. */
	private prune(): void {
		const now = Date.now();
		const caches = [];
		for (const name of readdirSync(this.folder)) {
			const path = join(this.folder, name);
			let mtimeMs: number;
			try {
				mtimeMs = statSync(path).mtimeMs;
			} catch {
				continue;
			}
			if (name.endsWith('.tmp') && now - mtimeMs > STALE_TEMP_MS) rmSync(path, {force: true});
			else if (name.endsWith('.cache')) caches.push({path, mtimeMs});
		}
		caches.sort((a, b) => b.mtimeMs - a.mtimeMs);
		for (const old of caches.slice(MAX_STORES)) rmSync(old.path, {force: true});
	}
}

function writeChunk(fd: number, value: unknown): number {
	const bytes = serialize(value);
	const length = Buffer.alloc(4);
	length.writeUInt32LE(bytes.length);
	writeAll(fd, length);
	writeAll(fd, bytes);
	return bytes.length + 4;
}

/** Each chunk in turn, read from the file one at a time. */
function* readChunks(path: string): Generator<unknown> {
	const fd = openSync(path, 'r');
	try {
		const length = Buffer.alloc(4);
		for (;;) {
			const got = readSync(fd, length, 0, 4, null);
			if (got === 0) return;
			if (got !== 4) throw new Error('cut short');
			const bytes = Buffer.allocUnsafe(length.readUInt32LE());
			if (bytes.length > MAX_CACHE_BYTES) throw new Error('too big');
			for (let at = 0; at < bytes.length; ) {
				const read = readSync(fd, bytes, at, bytes.length - at, null);
				if (read === 0) throw new Error('cut short');
				at += read;
			}
			yield deserialize(bytes);
		}
	} finally {
		closeSync(fd);
	}
}

function writeAll(fd: number, bytes: Uint8Array): void {
	for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}
