// What the file store read, kept in the user's cache folder (never in the store) so that
// opening the same store again costs a stat per file instead of a read and a parse. Each
// run is kept as MLflow's Run with the stamps (size, mtime, ctime, inode) of every file and
// folder it came from, and used only after all of them are checked again, so a changed,
// replaced or truncated file is never served stale (run-state.ts, LightData). Runs that
// had problems keep only their meta.yaml's reading. Written to a temporary file and
// renamed, so two mlwatch processes at once each see a whole cache (the last one written
// wins); bounded in size and in the number of stores kept.

import {createHash} from 'node:crypto';
import {mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {deserialize, serialize} from 'node:v8';
import type {Problem, Run, RunInfo} from '../types.js';
import type {Stamp} from './fs-sync.js';
import {lightOf, newRunState, type LightData, type RunState} from './run-state.js';

/** Bump when what is kept changes shape: older caches are then ignored. */
const FORMAT = 3;
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
	data?: {run: Run; light: LightData};
}

interface CacheFile {
	format: number;
	root: string;
	runs: PersistedRun[];
}

function toPersisted(state: RunState): PersistedRun | undefined {
	if (!state.info || !state.metaStamp) return undefined;
	const persisted: PersistedRun = {dir: state.dir, runId: state.runId, experimentId: state.experimentId, version: state.version, metaStamp: state.metaStamp, info: state.info, foreign: state.foreign, metaProblems: state.metaProblems};
	if (state.metaKeys) persisted.metaKeys = state.metaKeys;
	const light = lightOf(state);
	if (light && state.run) persisted.data = {run: state.run, light};
	return persisted;
}

function fromPersisted(persisted: PersistedRun): RunState {
	const state = newRunState(persisted.dir, persisted.runId, persisted.experimentId);
	Object.assign(state, {version: persisted.version, metaStamp: persisted.metaStamp, info: persisted.info, foreign: persisted.foreign, metaProblems: persisted.metaProblems, metaDirty: false, dataDirty: false});
	if (persisted.metaKeys) state.metaKeys = persisted.metaKeys;
	state.listings = new Map();
	if (persisted.data) {
		state.run = persisted.data.run;
		state.light = persisted.data.light;
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
		let data: CacheFile;
		try {
			data = deserialize(readFileSync(this.file)) as CacheFile;
		} catch {
			return out;
		}
		if (data?.format !== FORMAT || data.root !== this.root || !Array.isArray(data.runs)) return out;
		for (const persisted of data.runs) {
			const state = fromPersisted(persisted);
			out.set(state.dir, state);
			this.loaded.set(state.dir, state.version);
		}
		return out;
	}

	/** Writes the runs back when any of them changed since they were loaded. */
	save(states: readonly RunState[]): void {
		const changed = states.length !== this.loaded.size || states.some((state) => this.loaded.get(state.dir) !== state.version);
		if (!changed) return;
		let bytes: Buffer;
		try {
			const runs = states.map(toPersisted).filter((run) => run !== undefined);
			bytes = serialize({format: FORMAT, root: this.root, runs} satisfies CacheFile);
		} catch {
			return;
		}
		if (bytes.length > MAX_CACHE_BYTES) return;
		try {
			mkdirSync(this.folder, {recursive: true});
			const temporary = `${this.file}.${process.pid}.tmp`;
			writeFileSync(temporary, bytes);
			renameSync(temporary, this.file);
			for (const state of states) this.loaded.set(state.dir, state.version);
			this.prune();
		} catch {
			// A cache that cannot be written only means the next start reads the store again.
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
