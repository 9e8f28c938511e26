// What the file store read, kept in the user's cache folder (never in the store) so that
// opening the same store again costs a stat per file instead of a read and a parse. Every
// entry carries the stamps (size, mtime, ctime, inode) of the files it came from and is
// used only after they are checked again, so a changed, replaced or truncated file is
// never served stale. Written to a temporary file and renamed, so two mlwatch processes
// at once each see a whole cache (the last one written wins); bounded in size.

import {createHash} from 'node:crypto';
import {mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {deserialize, serialize} from 'node:v8';
import {SummaryBuilder, type SummaryState} from '../metric-summary.js';
import type {MetricFileState} from './metric-scan.js';
import type {RunState} from './run-state.js';

/** Bump when what is kept changes shape: older caches are then ignored. */
const FORMAT = 2;
/** A store's cache bigger than this is not written (the store is read as if uncached). */
export const MAX_CACHE_BYTES = 512 << 20;
/** The folder keeps the caches of this many stores at most, newest first. */
const MAX_STORES = 16;

export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
	return join(base, 'mlwatch', 'stores');
}

type PersistedMetric = Omit<MetricFileState, 'summary'> & {summary?: SummaryState};
type PersistedRun = Omit<RunState, 'run' | 'metrics' | 'metaDirty' | 'dataDirty' | 'infoEpoch' | 'dataEpoch' | 'seen'> & {metrics?: Array<[string, PersistedMetric]>};

interface CacheFile {
	format: number;
	root: string;
	runs: PersistedRun[];
}

function toPersisted(state: RunState): PersistedRun {
	const {run: _run, metrics, metaDirty: _m, dataDirty: _d, infoEpoch: _i, dataEpoch: _e, seen: _s, ...rest} = state;
	const persisted: PersistedRun = {...rest};
	if (metrics) persisted.metrics = [...metrics].map(([key, file]) => [key, {...file, summary: file.summary?.toState()}]);
	return persisted;
}

function fromPersisted(persisted: PersistedRun): RunState {
	const {metrics, ...rest} = persisted;
	const state: RunState = {...rest, metaDirty: false, dataDirty: false, infoEpoch: -1, dataEpoch: -1, seen: false};
	if (metrics) {
		state.metrics = new Map(
			metrics.map(([key, {summary, ...file}]) => {
				const restored: MetricFileState = {...file, tail: Buffer.from(file.tail)};
				if (summary) restored.summary = SummaryBuilder.fromState(summary);
				return [key, restored];
			}),
		);
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
			bytes = serialize({format: FORMAT, root: this.root, runs: states.filter((state) => state.info).map(toPersisted)} satisfies CacheFile);
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

	/** Keeps the newest caches only. */
	private prune(): void {
		const caches = readdirSync(this.folder)
			.filter((name) => name.endsWith('.cache'))
			.map((name) => {
				const path = join(this.folder, name);
				try {
					return {path, mtimeMs: statSync(path).mtimeMs};
				} catch {
					return undefined;
				}
			})
			.filter((entry) => entry !== undefined)
			.sort((a, b) => b.mtimeMs - a.mtimeMs);
		for (const old of caches.slice(MAX_STORES)) rmSync(old.path, {force: true});
	}
}
