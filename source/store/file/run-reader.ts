// One run folder → RunRecord, kept up to date incrementally: meta.yaml is re-parsed only
// when it changed, params only when their folder changed (MLflow params are immutable),
// tag files when their own mtime changed, and metric files from their last offset.

import {stat} from 'node:fs/promises';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import type {RunRecord} from '../backend.js';
import type {Dataset, KeyValue, Metric, MetricSummary, Problem, RunInfo, RunInputs, RunOutputs} from '../types.js';
import {readKeyValues, readText, walkKeys, walkProblems} from './fs-read.js';
import {readMetaFile} from './meta-file.js';
import {newMetricFileState, refreshMetricFile, type MetricFileState} from './metric-file.js';
import {toRunInfo} from './run-info.js';
import {readInputs, readOutputs} from './run-io.js';

interface Stamp {
	mtimeMs: number;
	size: number;
}

async function stamp(path: string): Promise<Stamp | undefined> {
	try {
		const info = await stat(path);
		return {mtimeMs: info.mtimeMs, size: info.size};
	} catch {
		return undefined;
	}
}

function same(a: Stamp | undefined, b: Stamp | undefined): boolean {
	return a?.mtimeMs === b?.mtimeMs && a?.size === b?.size;
}

export interface CachedRun {
	dir: string;
	runId: string;
	experimentId: string;
	info?: RunInfo;
	metaStamp?: Stamp;
	/** The record built since the last refresh that read anything (see toRecord). */
	record?: RunRecord;
	/** CORE_META_KEYS present in the last good meta.yaml. */
	metaKeys?: string[];
	paramsStamp?: Stamp;
	params: KeyValue[];
	tags: Map<string, {value: string; stamp: Stamp}>;
	metrics: Map<string, MetricFileState>;
	ioStamps: string;
	inputs: RunInputs;
	outputs: RunOutputs;
	problems: {meta: Problem[]; params: Problem[]; tags: Problem[]; metrics: Problem[]; io: Problem[]};
	lastWrite: number;
	/** Set by the watcher when something under the run changed. */
	dirty: boolean;
}

export function newCachedRun(dir: string, runId: string, experimentId: string): CachedRun {
	return {
		dir,
		runId,
		experimentId,
		params: [],
		tags: new Map(),
		metrics: new Map(),
		ioStamps: '',
		inputs: {dataset_inputs: [], model_inputs: []},
		outputs: {model_outputs: []},
		problems: {meta: [], params: [], tags: [], metrics: [], io: []},
		lastWrite: 0,
		dirty: true,
	};
}

// Keys every MLflow version writes into a run's meta.yaml (one of the two ids). MLflow
// rewrites the file in place, so a reader can catch it half-written: when a rewrite lacks
// a key the last good version had, or its last line, it is not the whole file yet.
const CORE_META_KEYS = ['artifact_uri', 'end_time', 'experiment_id', 'lifecycle_stage', 'run_id', 'run_uuid', 'start_time', 'status', 'user_id'];

function cutShort(meta: Record<string, unknown>, text: string, lastGoodKeys: string[] | undefined): boolean {
	if (!lastGoodKeys) return false;
	return !text.endsWith('\n') || lastGoodKeys.some((key) => !(key in meta));
}

const NEW_META_RETRY_MS = [100, 200];

/**
 * meta.yaml of a run; for a run not seen before, a file caught in the middle of its first
 * write (no final newline, or status/start_time/user_id missing from a file written within
 * the last second) is read again after a moment, as MLflow's own reader does.
 */
async function readRunMeta(path: string, run: CachedRun): ReturnType<typeof readMetaFile> {
	for (let attempt = 0; ; attempt++) {
		const read = await readMetaFile(path);
		const delay = NEW_META_RETRY_MS[attempt];
		if (!read.ok || run.info || delay === undefined) return read;
		const missing = !('status' in read.meta && 'start_time' in read.meta && 'user_id' in read.meta);
		if (read.text.endsWith('\n') && !(missing && (await writtenWithin(path, 1000)))) return read;
		await sleep(delay);
	}
}

async function writtenWithin(path: string, ms: number): Promise<boolean> {
	const written = await stamp(path);
	return written !== undefined && Date.now() - written.mtimeMs < ms;
}

/** False when the run has no readable meta.yaml (and never had one). */
export async function refreshRun(run: CachedRun, datasets: () => Promise<Map<string, Dataset>>, followed = false): Promise<boolean> {
	// Followed by a watcher (watch/): a run changes only when the watcher says so.
	if (followed && !run.dirty && run.info) return true;
	const metaPath = join(run.dir, 'meta.yaml');
	const metaStamp = await stamp(metaPath);
	const metaChanged = !same(metaStamp, run.metaStamp) || !run.info;
	// A finished run whose meta.yaml did not change is only re-read when the watcher
	// says something under it changed.
	const deep = run.dirty || metaChanged || run.info?.status === 'RUNNING' || run.info?.status === 'SCHEDULED';
	if (!deep) return true;
	run.dirty = false;
	run.record = undefined;

	if (metaChanged) {
		const read = await readRunMeta(metaPath, run);
		if (read.ok && !cutShort(read.meta, read.text, run.metaKeys)) {
			const {info, problems} = toRunInfo(read.meta, read.text, metaPath, run.runId, run.experimentId);
			run.info = info;
			run.metaStamp = metaStamp;
			run.metaKeys = CORE_META_KEYS.filter((key) => key in read.meta);
			run.problems.meta = problems;
		} else if (!run.info) {
			run.problems.meta = [{path: metaPath, reason: read.ok ? 'meta.yaml is cut short' : read.reason, effect: 'run not shown'}];
			return false;
		} else if (read.ok) {
			run.problems.meta = [{path: metaPath, reason: 'meta.yaml is cut short (being rewritten?)', effect: 'showing its last complete version'}];
		}
		// A broken or half-written rewrite of a run we already know keeps the last good
		// state; the stamp is left alone so the next refresh tries again.
	}

	await Promise.all([refreshParams(run), refreshTags(run), refreshMetrics(run), refreshIo(run, datasets)]);
	run.lastWrite = lastRecordedActivity(run);
	return true;
}

async function refreshParams(run: CachedRun): Promise<void> {
	const dir = join(run.dir, 'params');
	const dirStamp = await stamp(dir);
	if (dirStamp && same(dirStamp, run.paramsStamp)) return;
	const {values, problems} = await readKeyValues(dir);
	run.params = values;
	run.paramsStamp = dirStamp;
	run.problems.params = problems;
}

async function refreshTags(run: CachedRun): Promise<void> {
	const walked = await walkKeys(join(run.dir, 'tags'));
	const problems: Problem[] = walkProblems(walked);
	const next = new Map<string, {value: string; stamp: Stamp}>();
	await Promise.all(
		walked.files.map(async ({key, path}) => {
			const fileStamp = await stamp(path);
			const cached = run.tags.get(key);
			if (cached && fileStamp && same(fileStamp, cached.stamp)) {
				next.set(key, cached);
				return;
			}
			const {values, problems: readProblems} = await readKeyValuesOf(path, key);
			problems.push(...readProblems);
			// Rewritten while we read it (the size we were given was the old file's): try
			// again on the next refresh rather than show a mix of both versions.
			if (values !== undefined && fileStamp && (Buffer.byteLength(values) !== fileStamp.size || !same(await stamp(path), fileStamp))) {
				run.dirty = true;
				if (cached) next.set(key, cached);
				return;
			}
			// MLflow rewrites tags by truncate-then-write: an empty file may be a write in
			// progress, so keep the previous value until the next change. A new tag that is
			// still empty a moment after it was written really is empty.
			if (values !== undefined && fileStamp) {
				if (values === '' && cached) next.set(key, {value: cached.value, stamp: {mtimeMs: 0, size: -1}});
				else if (values === '' && Date.now() - fileStamp.mtimeMs < 1000) run.dirty = true;
				else next.set(key, {value: values, stamp: fileStamp});
			} else if (cached) {
				next.set(key, cached);
			}
		}),
	);
	run.tags = new Map([...next.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
	run.problems.tags = problems;
}

async function readKeyValuesOf(path: string, key: string): Promise<{values?: string; problems: Problem[]}> {
	const text = await readText(path);
	if (!text.ok) return {problems: text.missing ? [] : [{path, reason: `cannot read: ${text.reason}`, effect: `tag '${key}' not shown`}]};
	return {values: text.value, problems: []};
}

async function refreshMetrics(run: CachedRun): Promise<void> {
	const walked = await walkKeys(join(run.dir, 'metrics'));
	const problems: Problem[] = walkProblems(walked, 'ignored; MLflow would fail this run');
	const next = new Map<string, MetricFileState>();
	await Promise.all(
		walked.files.map(async ({key, path}) => {
			const state = run.metrics.get(key) ?? newMetricFileState(key);
			try {
				await refreshMetricFile(path, key, state);
			} catch (error) {
				problems.push({path, reason: `cannot read: ${(error as Error).message}`, effect: 'metric not shown'});
				return;
			}
			next.set(key, state);
			problems.push(...state.problems);
			if (state.summary.build() === undefined && state.size > 0 && state.problems.length === 0) {
				// Bytes but no complete line yet: a first point being written.
			} else if (state.size === 0) {
				problems.push({path, reason: 'metric file is empty', effect: 'metric not shown; MLflow fails this run'});
			}
		}),
	);
	// In key order, not in the order the reads finished: the same files, the same record.
	run.metrics = new Map([...next.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
	run.problems.metrics = problems;
}

async function refreshIo(run: CachedRun, datasets: () => Promise<Map<string, Dataset>>): Promise<void> {
	const [inputsStamp, outputsStamp] = await Promise.all([stamp(join(run.dir, 'inputs')), stamp(join(run.dir, 'outputs'))]);
	const key = `${inputsStamp?.mtimeMs}:${outputsStamp?.mtimeMs}`;
	if (key === run.ioStamps) return;
	const problems: Problem[] = [];
	run.inputs = inputsStamp ? await readInputs(run.dir, await datasets(), problems) : {dataset_inputs: [], model_inputs: []};
	run.outputs = outputsStamp ? await readOutputs(run.dir, problems) : {model_outputs: []};
	run.ioStamps = key;
	run.problems.io = problems;
}

/**
 * The newest moment the run itself recorded: its start and end and its metric timestamps.
 * Not file mtimes: a store copied with cp or rsync looks freshly written, and a run
 * RUNNING since 2022 must not look alive because its files were copied today.
 */
function lastRecordedActivity(run: CachedRun): number {
	let last = Math.max(run.info?.start_time ?? 0, run.info?.end_time ?? 0);
	for (const state of run.metrics.values()) last = Math.max(last, state.summary.newestTimestamp);
	return last;
}

export function allProblems(run: CachedRun): Problem[] {
	const {meta, params, tags, metrics, io} = run.problems;
	return [...meta, ...params, ...tags, ...metrics, ...io];
}

/** The RunRecord for a refreshed run (undefined if it has no readable meta.yaml). */
export function toRecord(run: CachedRun): RunRecord | undefined {
	if (!run.info) return undefined;
	// Unchanged since the last refresh: the same record again. Rebuilding a thousand
	// finished runs' records on every live update was most of a refresh's time (and GC).
	if (run.record) return run.record;
	const summaries: Record<string, MetricSummary> = {};
	const latest: Metric[] = [];
	for (const [key, state] of run.metrics) {
		const summary = state.summary.build();
		if (!summary) continue;
		summaries[key] = summary;
		// MLflow 3.x names the run on each of its metrics.
		latest.push({...summary.latest, run_id: run.runId});
	}
	const tags = [...run.tags.entries()].map(([key, {value}]) => ({key, value}));
	const info = {...run.info};
	if (!info.run_name) {
		const tagName = run.tags.get('mlflow.runName')?.value;
		if (tagName) info.run_name = tagName;
	}
	run.record = {
		run: {
			info,
			data: {metrics: latest, params: run.params, tags},
			inputs: run.inputs,
			outputs: run.outputs,
		},
		summaries,
		lastWrite: run.lastWrite,
	};
	return run.record;
}
