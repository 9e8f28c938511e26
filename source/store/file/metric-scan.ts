// Reads an append-only metric file from where the last read stopped, a bounded chunk at a
// time, straight from the bytes: a wide store holds ten million lines, and making a
// string of each one costs more than reading the file. Only complete lines are consumed
// (a last line without its newline is still being written). The latest value follows
// MLflow's rule; the value of a line is parsed only when it could be the latest, unless
// a summary (min, max, count, a sample) was asked for.

import {parseMetricLine} from '../metric-line.js';
import {SummaryBuilder} from '../metric-summary.js';
import type {Metric, Problem} from '../types.js';
import {readBounded, type Stamp} from './fs-sync.js';

/** Bytes read per step; a file bigger than this is read over several steps. */
export const CHUNK_BYTES = 1 << 20;
const TAIL_BYTES = 64;
// Shared by every state with nothing of its own: a big store holds a hundred thousand files.
const NO_BYTES = Buffer.alloc(0);
const NO_PROBLEMS: Problem[] = [];
const MAX_LINE_PROBLEMS = 5;
/** Integers past this lose digits in a JavaScript number. */
const SAFE_DIGITS = 15;

export interface MetricFileState {
	key: string;
	/** The file as last seen. */
	stamp?: Stamp;
	/** Bytes consumed so far (always just after a newline). */
	offset: number;
	/** The last bytes consumed, to tell an append from a file rewritten since. */
	tail: Buffer;
	lines: number;
	/** The latest point so far, by MLflow's rule. */
	latest?: Metric;
	/** Newest timestamp of any point. */
	newestTimestamp: number;
	/** Kept once a summary was asked for; fed from then on. */
	summary?: SummaryBuilder;
	problems: Problem[];
	/** Inside a line longer than a chunk: skip to the next newline. */
	skipping: boolean;
	/** Steps too large to be exact (beyond 2^53): counted for one problem. */
	hugeSteps: number;
}

export function newMetricFileState(key: string, withSummary = false): MetricFileState {
	const state: MetricFileState = {key, offset: 0, tail: NO_BYTES, lines: 0, newestTimestamp: Number.NEGATIVE_INFINITY, problems: NO_PROBLEMS, skipping: false, hugeSteps: 0};
	if (withSummary) state.summary = new SummaryBuilder(key);
	return state;
}

/** Forget everything read: the file is to be read again from its start. */
function reset(state: MetricFileState): void {
	const fresh = newMetricFileState(state.key, state.summary !== undefined);
	delete state.latest;
	delete state.stamp;
	if (!fresh.summary) delete state.summary;
	Object.assign(state, fresh);
}

export type ScanResult = {ok: true; done: boolean; changed: boolean} | {ok: false; reason: string; missing: boolean};

/**
 * Consume up to one chunk of new lines. `done` is false when more bytes are waiting (call
 * again; between calls the caller may yield). `changed`: anything new was consumed.
 */
export function advanceMetricFile(path: string, state: MetricFileState, withSummary: boolean): ScanResult {
	if (withSummary && !state.summary) {
		// Asked for a summary of a file read for its latest value only: read it again whole.
		reset(state);
		state.summary = new SummaryBuilder(state.key);
	}
	const start = Math.max(0, state.offset - state.tail.length);
	const read = readBounded(path, CHUNK_BYTES + state.tail.length, start, true);
	if (!read.ok) return read;
	const {bytes, stamp} = read;
	if (state.stamp && stamp.ino !== state.stamp.ino) {
		// Replaced by another file: start over.
		reset(state);
		return advanceMetricFile(path, state, withSummary);
	}
	if (stamp.size < state.offset || !bytes.subarray(0, state.tail.length).equals(state.tail)) {
		// Shorter than what was read, or the bytes before the offset changed: rewritten.
		reset(state);
		return advanceMetricFile(path, state, withSummary);
	}
	state.stamp = stamp;
	const body = bytes.subarray(state.tail.length);
	const used = consume(body, path, state);
	const done = start + bytes.length >= stamp.size;
	if (used === 0 && !done) {
		// One line longer than a whole chunk: not something MLflow writes. Skip to its end.
		if (!state.skipping) addProblem(state, {path, reason: `line ${state.lines + 1} is longer than ${CHUNK_BYTES >> 20} MB`, effect: 'line ignored'});
		state.skipping = true;
		state.offset += body.length;
		state.tail = Buffer.from(body.subarray(Math.max(0, body.length - TAIL_BYTES)));
		return {ok: true, done: false, changed: false};
	}
	state.offset += used;
	const end = state.tail.length + used;
	if (used > 0) state.tail = Buffer.from(bytes.subarray(Math.max(0, end - TAIL_BYTES), end));
	return {ok: true, done, changed: used > 0};
}

function addProblem(state: MetricFileState, problem: Problem): void {
	if (state.problems === NO_PROBLEMS) state.problems = [];
	if (state.problems.length < MAX_LINE_PROBLEMS) state.problems.push(problem);
	else state.problems[MAX_LINE_PROBLEMS - 1]!.effect = 'line ignored (further bad lines in this file not listed)';
}

/** Digits from `from` to `to` as an integer, or -1 when they are not plain digits. */
function digits(bytes: Buffer, from: number, to: number): number {
	if (to <= from || to - from > SAFE_DIGITS) return -1;
	let value = 0;
	for (let index = from; index < to; index++) {
		const byte = bytes[index]! - 48;
		if (byte < 0 || byte > 9) return -1;
		value = value * 10 + byte;
	}
	return value;
}

/** Only the characters of a decimal float (what Python's repr of a float writes, besides nan and inf). */
function plainNumber(bytes: Buffer, from: number, to: number): boolean {
	for (let index = from; index < to; index++) {
		const byte = bytes[index]!;
		// 0-9 . - + e E
		if (!((byte >= 48 && byte <= 57) || byte === 46 || byte === 45 || byte === 43 || byte === 101 || byte === 69)) return false;
	}
	return true;
}

/** Parse the complete lines in `chunk`; return how many bytes they covered. */
function consume(chunk: Buffer, path: string, state: MetricFileState): number {
	const last = chunk.lastIndexOf(0x0a);
	if (last < 0) return 0;
	let lineStart = 0;
	if (state.skipping) {
		// The rest of an over-long line.
		lineStart = chunk.indexOf(0x0a) + 1;
		state.skipping = false;
		state.lines++;
	}
	const summary = state.summary;
	// The best line of this chunk whose value is not parsed yet.
	let pendingStart = -1;
	let pendingEnd = -1;
	let best = state.latest;
	let bestStep = best ? best.step : Number.NEGATIVE_INFINITY;
	let bestTime = best ? best.timestamp : Number.NEGATIVE_INFINITY;
	let newest = state.newestTimestamp;
	const settle = (): void => {
		if (pendingStart < 0) return;
		const text = chunk.toString('latin1', pendingStart, pendingEnd);
		const value = Number(text);
		// Digits and dots that make no number ('1.2.3'): Python's float() fails on them too.
		if (Number.isNaN(value)) addProblem(state, {path, reason: `value '${text}' is not a number`, effect: 'shown as NaN'});
		best = {key: state.key, value, timestamp: bestTime, step: bestStep};
		pendingStart = -1;
	};
	while (lineStart <= last) {
		const lineEnd = chunk.indexOf(0x0a, lineStart);
		state.lines++;
		// `timestamp value step`, single spaces, plain digits: nearly every line MLflow writes.
		const space1 = chunk.indexOf(0x20, lineStart);
		const space2 = space1 < 0 || space1 > lineEnd ? -1 : chunk.indexOf(0x20, space1 + 1);
		const timestamp = space1 > lineStart && space1 < lineEnd ? digits(chunk, lineStart, space1) : -1;
		const step = space2 > space1 + 1 && space2 < lineEnd ? digits(chunk, space2 + 1, lineEnd) : -1;
		const simpleValue = space2 > space1 + 1 && plainNumber(chunk, space1 + 1, space2);
		if (timestamp >= 0 && step >= 0 && simpleValue) {
			if (timestamp > newest) newest = timestamp;
			if (summary) {
				const value = Number(chunk.toString('latin1', space1 + 1, space2));
				if (Number.isNaN(value)) {
					addProblem(state, {path, reason: `line ${state.lines}: value '${chunk.toString('latin1', space1 + 1, space2)}' is not a number`, effect: 'line ignored'});
					lineStart = lineEnd + 1;
					continue;
				}
				const metric: Metric = {key: state.key, value, timestamp, step};
				summary.add(metric);
				if (!best || step > bestStep || (step === bestStep && (timestamp > bestTime || (timestamp === bestTime && value > best.value)))) {
					pendingStart = -1;
					best = metric;
					bestStep = step;
					bestTime = timestamp;
				}
			} else if (step > bestStep || (step === bestStep && timestamp > bestTime)) {
				pendingStart = space1 + 1;
				pendingEnd = space2;
				bestStep = step;
				bestTime = timestamp;
				best = undefined;
			} else if (step === bestStep && timestamp === bestTime) {
				settle();
				const value = Number(chunk.toString('latin1', space1 + 1, space2));
				if (best && value > best.value) best = {key: state.key, value, timestamp, step};
			}
		} else {
			settle();
			const line = chunk.toString('utf8', lineStart, lineEnd);
			if (line.trim() !== '') {
				const result = parseMetricLine(state.key, line, 'run');
				if ('metric' in result) {
					const metric = result.metric;
					if (!Number.isSafeInteger(metric.step)) state.hugeSteps++;
					if (metric.timestamp > newest) newest = metric.timestamp;
					summary?.add(metric);
					if (!best || metric.step > bestStep || (metric.step === bestStep && (metric.timestamp > bestTime || (metric.timestamp === bestTime && metric.value > best.value)))) {
						best = metric;
						bestStep = metric.step;
						bestTime = metric.timestamp;
					}
				} else {
					addProblem(state, {path, reason: `line ${state.lines}: ${result.error}`, effect: 'line ignored'});
				}
			}
		}
		lineStart = lineEnd + 1;
	}
	settle();
	if (best) state.latest = best;
	state.newestTimestamp = newest;
	return last + 1;
}

/** The problems of a scanned file, with one for steps that could not be kept exactly. */
export function metricProblems(path: string, state: MetricFileState): Problem[] {
	if (state.hugeSteps === 0) return state.problems;
	return [...state.problems, {path, reason: `${state.hugeSteps} step${state.hugeSteps === 1 ? '' : 's'} beyond 2^53, which a JavaScript number cannot hold exactly`, effect: 'shown rounded'}];
}

/**
 * Every point in the complete lines of `bytes` (up to `end`, just after a newline), for
 * whole histories: plain `timestamp value step` lines straight from the bytes, anything
 * else through MLflow's full line rules. Returns how many lines it saw.
 */
export function eachPoint(bytes: Buffer, end: number, key: string, kind: 'run' | 'model', onPoint: (step: number, timestamp: number, value: number, metric?: Metric) => void, onBad: (line: number, error: string) => void, firstLine = 0): number {
	let lines = firstLine;
	let lineStart = 0;
	while (lineStart < end) {
		let lineEnd = bytes.indexOf(0x0a, lineStart);
		if (lineEnd < 0 || lineEnd > end) lineEnd = end;
		lines++;
		if (kind === 'run') {
			const space1 = bytes.indexOf(0x20, lineStart);
			const space2 = space1 < 0 || space1 >= lineEnd ? -1 : bytes.indexOf(0x20, space1 + 1);
			const timestamp = space1 > lineStart && space1 < lineEnd ? digits(bytes, lineStart, space1) : -1;
			const step = space2 > space1 + 1 && space2 < lineEnd ? digits(bytes, space2 + 1, lineEnd) : -1;
			if (timestamp >= 0 && step >= 0 && plainNumber(bytes, space1 + 1, space2)) {
				const value = Number(bytes.toString('latin1', space1 + 1, space2));
				if (!Number.isNaN(value)) {
					onPoint(step, timestamp, value);
					lineStart = lineEnd + 1;
					continue;
				}
			}
		}
		const line = bytes.toString('utf8', lineStart, lineEnd);
		if (line.trim() !== '') {
			const result = parseMetricLine(key, line, kind);
			if ('metric' in result) onPoint(result.metric.step, result.metric.timestamp, result.metric.value, result.metric);
			else onBad(lines, result.error);
		}
		lineStart = lineEnd + 1;
	}
	return lines;
}
