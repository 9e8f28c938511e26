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

import type {KeyValue, MetricSummary, Problem, Run, RunInfo, RunInputs, RunOutputs} from '../types.js';
import {formatBytes, readTextBounded, sameStamp, stampPath, type Stamp} from './fs-sync.js';
import {boundedValue, VALUE_MAX_BYTES, walkKeyFolder} from './key-folder.js';
import {advanceMetricFile, metricProblems, newMetricFileState, type MetricFileState} from './metric-scan.js';
import {toRunInfo} from './run-info.js';
import {readInputs, readOutputs, type DatasetsOf} from './run-io.js';
import {readMetaText, type MetaReadOptions} from './meta-text.js';
import {parseMeta} from './yaml.js';


export type Step = number | undefined;
export type Refresh<T = void> = Generator<Step, T, void>;

export interface KeyEntry {
	value: string;
	stamp: Stamp;
}

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
	params?: Map<string, KeyEntry>;
	tags?: Map<string, KeyEntry>;
	metrics?: Map<string, MetricFileState>;
	ioKey?: string;
	inputs: RunInputs;
	outputs: RunOutputs;
	problems: {meta: Problem[]; params: Problem[]; tags: Problem[]; metrics: Problem[]; io: Problem[]};
	/** Set by the change feed: something under the run changed. */
	metaDirty: boolean;
	dataDirty: boolean;
	/** The store's epoch when the info and the data were last compared with the disk. */
	infoEpoch: number;
	dataEpoch: number;
	/** The run in MLflow's shape, built once per change. */
	run?: Run;
}

export function newRunState(dir: string, runId: string, experimentId: string): RunState {
	return {
		dir,
		runId,
		experimentId,
		foreign: false,
		inputs: {dataset_inputs: [], model_inputs: []},
		outputs: {model_outputs: []},
		problems: {meta: [], params: [], tags: [], metrics: [], io: []},
		metaDirty: true,
		dataDirty: true,
		infoEpoch: -1,
		dataEpoch: -1,
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
			return !state.foreign;
		}
		const read = readMetaText(path, options);
		if (!read.ok) {
			if (state.info) {
				state.problems.meta = read.missing ? [] : [{path, reason: read.reason, effect: 'showing its last readable version'}];
				if (!read.missing) return !state.foreign;
			}
			state.metaDirty = false;
			state.info = undefined;
			state.run = undefined;
			// A folder without meta.yaml: a run being created, or what is left of one.
			state.problems.meta = [read.missing ? {path: state.dir, reason: 'run folder has no meta.yaml', effect: 'run not shown'} : {path, reason: read.reason, effect: 'run not shown'}];
			return false;
		}
		const parsed = parseMeta(read.text);
		const delay = NEW_META_RETRY_MS[attempt];
		if (!state.info && delay !== undefined && looksMidWrite(read.text, parsed.ok ? parsed.meta : undefined, read.stamp)) {
			yield delay;
			continue;
		}
		state.metaDirty = false;
		if (parsed.ok && !cutShort(parsed.meta, read.text, state.metaKeys)) {
			const {info, problems, foreign} = toRunInfo(parsed.meta, read.text, path, state.runId, state.experimentId);
			state.info = info;
			state.foreign = foreign;
			state.metaStamp = read.stamp;
			state.metaKeys = CORE_META_KEYS.filter((key) => key in parsed.meta);
			state.problems.meta = [...read.problems, ...problems];
			state.run = undefined;
			return !foreign;
		}
		if (!state.info) {
			state.problems.meta = [{path, reason: parsed.ok ? 'meta.yaml is cut short' : parsed.reason, effect: 'run not shown'}];
			return false;
		}
		// A broken or half-written rewrite of a known run keeps its last good state; the
		// stamp is left alone so the next look tries again.
		state.problems.meta = [{path, reason: parsed.ok ? 'meta.yaml is cut short (being rewritten?)' : parsed.reason, effect: 'showing its last complete version'}];
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

/** The data tier: params, tags, metrics (latest values; summaries where asked), inputs and outputs. */
export function* refreshData(state: RunState, options: DataOptions): Refresh {
	const wantsSummaries = options.summaries !== undefined && [...metricKeysWanted(state, options.summaries)].some((key) => !state.metrics?.get(key)?.summary);
	if (!options.check && state.params && !state.dataDirty && !wantsSummaries) return;
	state.dataDirty = false;
	let changed = false;
	changed = (yield* refreshKeys(state, 'params')) || changed;
	changed = (yield* refreshKeys(state, 'tags')) || changed;
	changed = (yield* refreshMetrics(state, options.summaries)) || changed;
	changed = refreshIo(state, options.datasets) || changed;
	if (changed) state.run = undefined;
}

function metricKeysWanted(state: RunState, summaries: ReadonlySet<string> | 'all'): Iterable<string> {
	if (summaries === 'all') return state.metrics?.keys() ?? [];
	return summaries;
}

function* refreshKeys(state: RunState, folder: 'params' | 'tags'): Refresh<boolean> {
	const problems: Problem[] = [];
	const files = walkKeyFolder(`${state.dir}/${folder}`, folder, problems, 'ignored');
	const before = state[folder];
	const next = new Map<string, KeyEntry>();
	let changed = before === undefined || before.size !== files.length;
	const noun = folder === 'params' ? 'param' : 'tag';
	for (const {key, path} of files) {
		const cached = before?.get(key);
		if (cached) {
			const stamp = stampPath(path);
			if (sameStamp(stamp, cached.stamp)) {
				next.set(key, cached);
				continue;
			}
		}
		const read = readTextBounded(path, VALUE_MAX_BYTES);
		changed = true;
		if (!read.ok) {
			if (!read.missing) problems.push({path, reason: `cannot read: ${read.reason}`, effect: `${noun} '${key}' not shown`});
			else if (cached) next.set(key, cached);
			continue;
		}
		if (read.truncated) problems.push({path, reason: `${noun} '${key}' is ${formatBytes(read.size)}, beyond any value MLflow writes`, effect: `the first ${formatBytes(VALUE_MAX_BYTES)} are shown`});
		if (folder === 'tags' && read.size === 0) {
			// MLflow rewrites tags by truncate-then-write: an empty file may be a write in
			// progress, so keep the previous value until the next change. A new tag still
			// empty a moment after it was written really is empty.
			if (cached) {
				next.set(key, {value: cached.value, stamp: {size: -1, mtimeMs: 0, ctimeMs: 0, ino: 0}});
				continue;
			}
			if (Date.now() - read.stamp.mtimeMs < 1000) {
				state.dataDirty = true;
				continue;
			}
		}
		next.set(key, {value: boundedValue(read.text, read.truncated), stamp: read.stamp});
		yield;
	}
	state[folder] = next;
	state.problems[folder] = problems;
	return changed;
}

function* refreshMetrics(state: RunState, summaries: ReadonlySet<string> | 'all' | undefined): Refresh<boolean> {
	const problems: Problem[] = [];
	const files = walkKeyFolder(`${state.dir}/metrics`, 'metrics', problems, 'ignored; MLflow would fail this run');
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
		let failed = false;
		for (;;) {
			const step = advanceMetricFile(path, file, withSummary);
			if (!step.ok) {
				if (!step.missing) problems.push({path, reason: `cannot read: ${step.reason}`, effect: 'metric not shown'});
				failed = true;
				break;
			}
			if (step.changed) changed = true;
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
	state.problems.metrics = problems;
	return changed;
}

function refreshIo(state: RunState, datasets: DatasetsOf): boolean {
	const inputs = stampPath(`${state.dir}/inputs`);
	const outputs = stampPath(`${state.dir}/outputs`);
	const key = `${inputs?.mtimeMs}:${inputs?.ino}:${outputs?.mtimeMs}:${outputs?.ino}`;
	if (key === state.ioKey) return false;
	const problems: Problem[] = [];
	state.inputs = inputs ? readInputs(state.dir, datasets(), problems) : {dataset_inputs: [], model_inputs: []};
	state.outputs = outputs ? readOutputs(state.dir, problems) : {model_outputs: []};
	state.ioKey = key;
	state.problems.io = problems;
	return true;
}

export function runProblems(state: RunState): Problem[] {
	const {meta, params, tags, metrics, io} = state.problems;
	return [...meta, ...params, ...tags, ...metrics, ...io];
}

function keyValues(entries: Map<string, KeyEntry> | undefined): KeyValue[] {
	return entries ? [...entries].map(([key, {value}]) => ({key, value})) : [];
}

/** The run in MLflow's shape (the data as last read; call after refreshInfo). */
export function toRun(state: RunState): Run | undefined {
	if (!state.info) return undefined;
	if (state.run) return state.run;
	const metrics = [];
	for (const file of state.metrics?.values() ?? []) {
		// MLflow 3.x names the run on each of its metrics.
		if (file.latest) metrics.push({...file.latest, run_id: state.runId});
	}
	const info = {...state.info};
	if (!info.run_name) {
		const tagName = state.tags?.get('mlflow.runName')?.value;
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

/** The newest moment the run recorded: start, end, and every metric timestamp read so far. */
export function lastRecorded(state: RunState): number | undefined {
	let last = Math.max(state.info?.start_time ?? 0, state.info?.end_time ?? 0);
	for (const file of state.metrics?.values() ?? []) if (file.newestTimestamp > last) last = file.newestTimestamp;
	return last > 0 ? last : undefined;
}
