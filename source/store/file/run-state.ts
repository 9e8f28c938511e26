// One run folder, kept up to date incrementally: meta.yaml re-read only when it changed,
// key files only when their stamp changed, metric files from their last offset. Reads
// come in two tiers: the info (meta.yaml alone, enough to list, count and order runs by
// their attributes) and the data (params, tags, latest metric values, inputs), read only
// for the runs a search returns or filters on. Summaries (min, max, a sample) are made
// only for the metric files asked about.
//
// The refresh functions are generators: they yield between files (and between chunks of
// a long metric file) so the store can hand the thread back to the UI; yielding a number
// asks to wait that many ms first.

import {deserialize, serialize} from 'node:v8';
import type {KeyValue, MetricSummary, Problem, Run, RunInfo, RunInputs, RunOutputs} from '../types.js';
import {formatBytes, readTextBounded, sameStamp, stampPath, type Stamp} from './fs-sync.js';
import {boundedValue, VALUE_MAX_BYTES, walkKeyFolder, type Listings} from './key-folder.js';
import {advanceMetricFile, metricProblems, newMetricFileState, type MetricFileState} from './metric-scan.js';
import {toRunInfo} from './run-info.js';
import {readInputs, readOutputs, type DatasetsOf} from './run-io.js';
import {readMetaText, type MetaReadOptions} from './meta-text.js';
import {parseMeta} from './yaml.js';


export type Step = number | undefined;
export type Refresh<T = void> = Generator<Step, T, void>;

export interface LightData {
	/** Paths relative to the run folder: meta.yaml is checked separately. */
	paths: string[];
	/** Four numbers per path (see Stamp). */
	stamps: Float64Array;
	/** What inputs/ and outputs/ looked like (ioKey). */
	ioKey?: string;
	/** Newest metric timestamp of the run. */
	newest?: number;
}

/** A run's params or tags: keys in order, their values, and each file's stamp (four numbers per key). */
export interface KeyFiles {
	keys: string[];
	values: string[];
	stamps: Float64Array;
}

// Shared by every run with nothing of its own: a big store holds tens of thousands of runs.
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]) as readonly Problem[];
const NO_INPUTS: RunInputs = Object.freeze({dataset_inputs: [], model_inputs: []}) as RunInputs;
const NO_OUTPUTS: RunOutputs = Object.freeze({model_outputs: []}) as RunOutputs;

export interface RunState {
	readonly dir: string;
	readonly runId: string;
	readonly experimentId: string;
	metaStamp?: Stamp;
	info?: RunInfo;
	/** CORE_META_KEYS present in the last good meta.yaml. */
	metaKeys?: string[];
	/** meta.yaml names another experiment: MLflow leaves such a run out, and so does mlwatch. */
	foreign: boolean;
	params?: KeyFiles;
	tags?: KeyFiles;
	metrics?: Map<string, MetricFileState>;
	ioKey?: string;
	inputs: RunInputs;
	outputs: RunOutputs;
	/** What reading meta.yaml found wrong, and what reading the rest did. */
	metaProblems: readonly Problem[];
	dataProblems: readonly Problem[];
	/** Set by the change feed: something under the run changed. */
	metaDirty: boolean;
	dataDirty: boolean;
	/** What reading inputs/ and outputs/ found wrong (kept while they are unchanged). */
	ioProblems: readonly Problem[];
	/** The store's epoch when the info and the data were last compared with the disk. */
	infoEpoch: number;
	dataEpoch: number;
	/** The run in MLflow's shape, built once per change. */
	run?: Run;
	/** Key folder listings by stamp, kept when the store keeps a cache on disk. */
	listings?: Listings;
	/**
	 * The data as a disk cache remembered it: the run as it was, and the stamp of every file
	 * and folder it came from. Used as long as all of them are unchanged; the first
	 * difference (or a question the run alone cannot answer, such as a summary) reads the
	 * run afresh.
	 */
	light?: LightData;
	/**
	 * `run` and `light` serialized, once a store nobody follows has answered with them: a
	 * few kilobytes in one buffer instead of hundreds of small objects, so that listing a
	 * store of 100,000 runs holds one buffer per run. Taken back (`unpark`) when asked again.
	 */
	parked?: Uint8Array;
	/** lastRecorded() of a parked run, or of one whose data was let go. */
	parkedNewest?: number;
	/** Counts the changes read into this state (a disk cache writes back only what moved). */
	version: number;
	/**
	 * The info was read (or confirmed) by this process. Only then does a broken rewrite of
	 * meta.yaml keep showing it; what a disk cache remembers counts only once confirmed.
	 */
	seen: boolean;
}

export function newRunState(dir: string, runId: string, experimentId: string): RunState {
	return {
		dir,
		runId,
		experimentId,
		foreign: false,
		inputs: NO_INPUTS,
		outputs: NO_OUTPUTS,
		metaProblems: NO_PROBLEMS,
		dataProblems: NO_PROBLEMS,
		ioProblems: NO_PROBLEMS,
		metaDirty: true,
		dataDirty: true,
		infoEpoch: -1,
		dataEpoch: -1,
		version: 0,
		seen: false,
		// Every field present from the start: a big store holds one of these per run, and an
		// object whose fields come and go is kept by V8 as a hash table several times larger.
		metaStamp: undefined,
		info: undefined,
		metaKeys: undefined,
		params: undefined,
		tags: undefined,
		metrics: undefined,
		ioKey: undefined,
		run: undefined,
		listings: undefined,
		light: undefined,
		parked: undefined,
		parkedNewest: undefined,
	};
}

// Keys every MLflow version writes into a run's meta.yaml (one of the two ids). MLflow
// rewrites the file in place, so a reader can catch it half-written: when a rewrite lacks
// a key the last good version had, or its last line, it is not the whole file yet.
const CORE_META_KEYS = ['artifact_uri', 'end_time', 'experiment_id', 'lifecycle_stage', 'run_id', 'run_uuid', 'start_time', 'status', 'user_id'];
/** A run's first meta.yaml caught mid-write is looked at again after these waits. */
const NEW_META_RETRY_MS = [100, 200];

/**
 * The info tier. `check`: compare with the disk even if nothing said it changed. Returns
 * false when the run has no usable meta.yaml (and never had one).
 */
export function* refreshInfo(state: RunState, check: boolean, options: MetaReadOptions = {}): Refresh<boolean> {
	if (!check && state.info && !state.metaDirty) return !state.foreign;
	const path = `${state.dir}/meta.yaml`;
	for (let attempt = 0; ; attempt++) {
		const stamp = stampPath(path);
		if (state.info && sameStamp(stamp, state.metaStamp)) {
			state.metaDirty = false;
			state.seen = true;
			return !state.foreign;
		}
		const read = readMetaText(path, options);
		if (!read.ok) {
			if (state.info && state.seen) {
				state.metaProblems = read.missing ? [] : [{path, reason: read.reason, effect: 'showing its last readable version'}];
				if (!read.missing) return !state.foreign;
			}
			state.metaDirty = false;
			state.info = undefined;
			dropBuilt(state);
			// A folder without meta.yaml: a run being created, or what is left of one.
			state.metaProblems = [read.missing ? {path: state.dir, reason: 'run folder has no meta.yaml', effect: 'run not shown'} : {path, reason: read.reason, effect: 'run not shown'}];
			return false;
		}
		const parsed = parseMeta(read.text);
		const delay = NEW_META_RETRY_MS[attempt];
		if (!state.info && delay !== undefined && looksMidWrite(read.text, parsed.ok ? parsed.meta : undefined, read.stamp)) {
			yield delay;
			continue;
		}
		state.metaDirty = false;
		if (parsed.ok && !cutShort(parsed.meta, read.text, state.seen ? state.metaKeys : undefined)) {
			const {info, problems, foreign} = toRunInfo(parsed.meta, read.text, path, state.runId, state.experimentId);
			state.info = info;
			state.foreign = foreign;
			state.metaStamp = read.stamp;
			state.metaKeys = CORE_META_KEYS.filter((key) => key in parsed.meta);
			state.seen = true;
			state.metaProblems = [...read.problems, ...problems];
			dropBuilt(state);
			state.version++;
			return !foreign;
		}
		if (!state.info || !state.seen) {
			state.info = undefined;
			dropBuilt(state);
			state.metaProblems = [{path, reason: parsed.ok ? 'meta.yaml is cut short' : parsed.reason, effect: 'run not shown'}];
			return false;
		}
		// A broken or half-written rewrite of a known run keeps its last good state; the
		// stamp is left alone so the next look tries again.
		state.metaProblems = [{path, reason: parsed.ok ? 'meta.yaml is cut short (being rewritten?)' : parsed.reason, effect: 'showing its last complete version'}];
		state.metaDirty = true;
		return !state.foreign;
	}
}

function cutShort(meta: Record<string, unknown>, text: string, lastGoodKeys: string[] | undefined): boolean {
	if (!lastGoodKeys) return false;
	return !text.endsWith('\n') || lastGoodKeys.some((key) => !(key in meta));
}

/** A first meta.yaml still being written: no final newline, or written just now without its core keys. */
function looksMidWrite(text: string, meta: Record<string, unknown> | undefined, stamp: Stamp): boolean {
	if (!text.endsWith('\n') || !meta) return true;
	const missing = !('status' in meta && 'start_time' in meta && 'user_id' in meta);
	return missing && Date.now() - stamp.mtimeMs < 1000;
}

export interface DataOptions {
	check: boolean;
	/** Metric keys whose summaries are wanted ('all' for every key). */
	summaries?: ReadonlySet<string> | 'all';
	datasets: DatasetsOf;
}

/**
 * The info changed: the run is built again. Data kept only in built form (from a disk
 * cache, or parked) goes too and is read again, a few files: a built run carries the old info.
 */
function dropBuilt(state: RunState): void {
	state.run = undefined;
	if (state.light || state.parked) {
		state.light = undefined;
		state.parked = undefined;
		state.parkedNewest = undefined;
		state.ioKey = undefined;
	}
}

/** The data tier: params, tags, metrics (latest values; summaries where asked), inputs and outputs. */
export function* refreshData(state: RunState, options: DataOptions): Refresh {
	unpark(state);
	state.parkedNewest = undefined;
	if (state.light) {
		if (options.summaries === undefined) {
			if (!options.check && !state.dataDirty) return;
			state.dataDirty = false;
			if (lightStillHolds(state, state.light)) return;
		}
		// Changed, or asked for more than the cache kept: read the run as if for the first time.
		state.parked = undefined;
		state.light = undefined;
		state.ioKey = undefined;
		state.run = undefined;
	}
	const wantsSummaries = options.summaries !== undefined && [...metricKeysWanted(state, options.summaries)].some((key) => !state.metrics?.get(key)?.summary);
	if (!options.check && state.params && !state.dataDirty && !wantsSummaries) return;
	state.dataDirty = false;
	const problems: Problem[] = [];
	let changed = false;
	changed = (yield* refreshKeys(state, 'params', problems)) || changed;
	changed = (yield* refreshKeys(state, 'tags', problems)) || changed;
	changed = (yield* refreshMetrics(state, options.summaries, problems)) || changed;
	changed = refreshIo(state, options.datasets, problems) || changed;
	state.dataProblems = problems.length > 0 ? problems : NO_PROBLEMS;
	if (changed) {
		state.run = undefined;
		state.version++;
	}
}

function metricKeysWanted(state: RunState, summaries: ReadonlySet<string> | 'all'): Iterable<string> {
	if (summaries === 'all') return state.metrics?.keys() ?? [];
	return summaries;
}

function stampAt(stamps: Float64Array, index: number): Stamp {
	const at = index * 4;
	return {size: stamps[at]!, mtimeMs: stamps[at + 1]!, ctimeMs: stamps[at + 2]!, ino: stamps[at + 3]!};
}

function putStamp(stamps: Float64Array, index: number, stamp: Stamp): void {
	const at = index * 4;
	stamps[at] = stamp.size;
	stamps[at + 1] = stamp.mtimeMs;
	stamps[at + 2] = stamp.ctimeMs;
	stamps[at + 3] = stamp.ino;
}

/** An empty tag kept from before a rewrite: a stamp no file has, so it is read again next time. */
const NEVER: Stamp = {size: -1, mtimeMs: 0, ctimeMs: 0, ino: 0};

function* refreshKeys(state: RunState, folder: 'params' | 'tags', problems: Problem[]): Refresh<boolean> {
	const files = walkKeyFolder(`${state.dir}/${folder}`, folder, problems, 'ignored', state.listings);
	const before = state[folder];
	const index = new Map(before?.keys.map((key, at) => [key, at]) ?? []);
	const keys: string[] = [];
	const values: string[] = [];
	const stamps: Stamp[] = [];
	let changed = before === undefined || before.keys.length !== files.length;
	const noun = folder === 'params' ? 'param' : 'tag';
	for (const {key, path} of files) {
		const at = index.get(key);
		const cached = at === undefined ? undefined : {value: before!.values[at]!, stamp: stampAt(before!.stamps, at)};
		const keep = (value: string, stamp: Stamp) => {
			keys.push(key);
			values.push(value);
			stamps.push(stamp);
		};
		if (cached && sameStamp(stampPath(path), cached.stamp)) {
			keep(cached.value, cached.stamp);
			continue;
		}
		const read = readTextBounded(path, VALUE_MAX_BYTES);
		changed = true;
		if (!read.ok) {
			if (!read.missing) problems.push({path, reason: `cannot read: ${read.reason}`, effect: `${noun} '${key}' not shown`});
			else if (cached) keep(cached.value, cached.stamp);
			continue;
		}
		if (read.truncated) problems.push({path, reason: `${noun} '${key}' is ${formatBytes(read.size)}, beyond any value MLflow writes`, effect: `the first ${formatBytes(VALUE_MAX_BYTES)} are shown`});
		if (folder === 'tags' && read.size === 0) {
			// MLflow rewrites tags by truncate-then-write: an empty file may be a write in
			// progress, so for a moment keep the previous value (or wait, for a new tag). A tag
			// still empty a second after it was written really is empty.
			if (Date.now() - read.stamp.mtimeMs < 1000) {
				state.dataDirty = true;
				if (cached) keep(cached.value, NEVER);
				continue;
			}
		}
		keep(boundedValue(read.text, read.truncated), read.stamp);
		yield;
	}
	const packed = new Float64Array(stamps.length * 4);
	stamps.forEach((stamp, at) => putStamp(packed, at, stamp));
	state[folder] = {keys, values, stamps: packed};
	return changed;
}

function* refreshMetrics(state: RunState, summaries: ReadonlySet<string> | 'all' | undefined, problems: Problem[]): Refresh<boolean> {
	const files = walkKeyFolder(`${state.dir}/metrics`, 'metrics', problems, 'ignored; MLflow would fail this run', state.listings);
	const before = state.metrics;
	const next = new Map<string, MetricFileState>();
	let changed = before === undefined || before.size !== files.length;
	for (const {key, path} of files) {
		const withSummary = summaries === 'all' || (summaries?.has(key) ?? false);
		let file = before?.get(key);
		if (file && (!withSummary || file.summary) && sameStamp(stampPath(path), file.stamp)) {
			next.set(key, file);
			problems.push(...metricProblems(path, file));
			continue;
		}
		file ??= newMetricFileState(key, withSummary);
		// The file differs from what was read: whatever comes of it, the run is built again.
		changed = true;
		let failed = false;
		for (;;) {
			const step = advanceMetricFile(path, file, withSummary);
			if (!step.ok) {
				if (!step.missing) problems.push({path, reason: `cannot read: ${step.reason}`, effect: 'metric not shown'});
				failed = true;
				break;
			}
			if (step.done) break;
			yield;
		}
		if (failed) continue;
		next.set(key, file);
		problems.push(...metricProblems(path, file));
		if (file.stamp?.size === 0) problems.push({path, reason: 'metric file is empty', effect: 'metric not shown; MLflow fails this run'});
		yield;
	}
	state.metrics = next;
	return changed;
}

function refreshIo(state: RunState, datasets: DatasetsOf, problems: Problem[]): boolean {
	const key = ioKeyOf(state.dir);
	const inputs = key !== undefined && stampPath(`${state.dir}/inputs`);
	const outputs = key !== undefined && stampPath(`${state.dir}/outputs`);
	if (key === state.ioKey) {
		problems.push(...state.ioProblems);
		return false;
	}
	const found: Problem[] = [];
	state.inputs = inputs ? readInputs(state.dir, datasets(), found) : NO_INPUTS;
	state.outputs = outputs ? readOutputs(state.dir, found) : NO_OUTPUTS;
	state.ioKey = key;
	state.ioProblems = found.length > 0 ? found : NO_PROBLEMS;
	problems.push(...found);
	return true;
}

function keyValues(files: KeyFiles | undefined): KeyValue[] {
	return files ? files.keys.map((key, at) => ({key, value: files.values[at]!})) : [];
}

function keyValue(files: KeyFiles | undefined, key: string): string | undefined {
	const at = files?.keys.indexOf(key) ?? -1;
	return at < 0 ? undefined : files!.values[at];
}

/** The run in MLflow's shape (the data as last read; call after refreshInfo). */
export function toRun(state: RunState): Run | undefined {
	if (!state.info) return undefined;
	if (state.run) return state.run;
	// Left parked: a filter or an order looks at every run, and keeping them all unparked would undo parking.
	if (state.parked) return parkedData(state).run;
	const metrics = [];
	for (const file of state.metrics?.values() ?? []) {
		// MLflow 3.x names the run on each of its metrics.
		if (file.latest) metrics.push({...file.latest, run_id: state.runId});
	}
	const info = {...state.info};
	if (!info.run_name) {
		const tagName = keyValue(state.tags, 'mlflow.runName');
		if (tagName) info.run_name = tagName;
	}
	state.run = {info, data: {metrics, params: keyValues(state.params), tags: keyValues(state.tags)}, inputs: state.inputs, outputs: state.outputs};
	return state.run;
}

/** Summaries of the metric files read with one (call after refreshData with those keys). */
export function summariesOf(state: RunState, keys: ReadonlySet<string> | 'all'): Record<string, MetricSummary> {
	const out: Record<string, MetricSummary> = {};
	for (const [key, file] of state.metrics ?? []) {
		if (keys !== 'all' && !keys.has(key)) continue;
		const summary = file.summary?.build();
		if (summary) out[key] = summary;
	}
	return out;
}

function ioKeyOf(dir: string): string | undefined {
	const inputs = stampPath(`${dir}/inputs`);
	const outputs = stampPath(`${dir}/outputs`);
	return inputs || outputs ? `${inputs?.mtimeMs}:${inputs?.ino}:${outputs?.mtimeMs}:${outputs?.ino}` : undefined;
}

function lightStillHolds(state: RunState, light: LightData): boolean {
	for (let at = 0; at < light.paths.length; at++) {
		if (!sameStamp(stampPath(`${state.dir}/${light.paths[at]}`), stampAt(light.stamps, at))) return false;
	}
	return ioKeyOf(state.dir) === light.ioKey;
}

/**
 * What a disk cache keeps of a run read whole and cleanly: undefined when the run has
 * problems (it is then simply read again next time) or was not read whole.
 */
export function lightOf(state: RunState): LightData | undefined {
	if (state.light) return state.light;
	if (!state.params || !state.tags || !state.metrics || !state.listings || state.dataProblems.length > 0 || state.dataDirty) return undefined;
	// The run folder itself: it changes when params/, tags/ or metrics/ is created.
	const own = stampPath(state.dir);
	if (!own) return undefined;
	const paths: string[] = ['.'];
	const stamps: Stamp[] = [own];
	const prefix = state.dir.length + 1;
	for (const [dir, listing] of state.listings) {
		paths.push(dir.slice(prefix));
		stamps.push(listing.stamp);
	}
	for (const folder of ['params', 'tags'] as const) {
		const files = state[folder]!;
		files.keys.forEach((key, at) => {
			paths.push(`${folder}/${key}`);
			stamps.push(stampAt(files.stamps, at));
		});
	}
	for (const [key, file] of state.metrics) {
		if (!file.stamp) return undefined;
		paths.push(`metrics/${key}`);
		stamps.push(file.stamp);
	}
	const packed = new Float64Array(stamps.length * 4);
	stamps.forEach((stamp, at) => putStamp(packed, at, stamp));
	const light: LightData = {paths, stamps: packed};
	if (state.ioKey !== undefined) light.ioKey = state.ioKey;
	const newest = lastRecorded(state);
	if (newest !== undefined) light.newest = newest;
	return light;
}

/**
 * Keeps only the run and what checks it (LightData), dropping what it was read from: a
 * store nobody follows answers each question once, and ten thousand runs' worth of file
 * states would otherwise stay in memory to no purpose. Needs the folder stamps a disk
 * cache keeps; without them the run stays as it is.
 */
function lighten(state: RunState): void {
	if (state.light) return;
	const run = toRun(state);
	const light = lightOf(state);
	if (!run || !light) return;
	state.light = light;
	state.params = undefined;
	state.tags = undefined;
	state.metrics = undefined;
	state.listings = new Map();
}

/**
 * What a store nobody follows keeps of a run it answered: the run and what checks it,
 * serialized; without key folder listings (no disk cache) nothing of the data at all, so
 * that the next question reads it again.
 */
export function park(state: RunState): void {
	if (state.parked && !state.light) return;
	lighten(state);
	const newest = lastRecorded(state);
	if (state.light && state.run) {
		state.parkedNewest = newest;
		state.parked ??= serialize({run: state.run, light: state.light} satisfies Parked);
		state.run = undefined;
		state.light = undefined;
	} else if (!state.listings && state.dataProblems.length === 0) {
		state.parkedNewest = newest;
		state.params = undefined;
		state.tags = undefined;
		state.metrics = undefined;
		state.ioKey = undefined;
		state.run = undefined;
	}
}

interface Parked {
	run: Run;
	light: LightData;
}

function parkedData(state: RunState): Parked {
	return deserialize(state.parked!) as Parked;
}

/** A parked run's data back in the state, to be checked against the disk as a cached one is. */
function unpark(state: RunState): void {
	if (!state.parked || state.light) return;
	const {run, light} = parkedData(state);
	// The bytes stay: they hold the same run until either changes (parking again is then free).
	state.run = run;
	state.light = light;
}

/** The newest moment the run recorded: start, end, and every metric timestamp read so far. */
export function lastRecorded(state: RunState): number | undefined {
	if (state.parkedNewest !== undefined) return state.parkedNewest;
	if (state.light?.newest !== undefined) return state.light.newest;
	let last = Math.max(state.info?.start_time ?? 0, state.info?.end_time ?? 0);
	for (const file of state.metrics?.values() ?? []) if (file.newestTimestamp > last) last = file.newestTimestamp;
	return last > 0 ? last : undefined;
}
