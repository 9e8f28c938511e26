// Reads an append-only metric file from where the last read stopped. Only complete
// lines are consumed: a final line without its newline is still being written.

import {open, stat} from 'node:fs/promises';
import {parseMetricLine} from '../metric-line.js';
import {SummaryBuilder} from '../metric-summary.js';
import type {Metric, Problem} from '../types.js';
import {withOpenFile} from './open-files.js';

export interface MetricFileState {
	/** Bytes consumed so far (always just after a newline). */
	offset: number;
	size: number;
	mtimeMs: number;
	/** Lines consumed so far, for problem line numbers. */
	lines: number;
	summary: SummaryBuilder;
	problems: Problem[];
	/** The last bytes consumed, to tell an append from a file rewritten since. */
	tail: Buffer;
}

export function newMetricFileState(key: string): MetricFileState {
	return {offset: 0, size: 0, mtimeMs: 0, lines: 0, summary: new SummaryBuilder(key), problems: [], tail: Buffer.alloc(0)};
}

const TAIL_BYTES = 64;

const MAX_LINE_PROBLEMS = 5;

/** Parse the complete lines in `chunk`; return how many bytes they covered. */
function consume(
	chunk: Buffer,
	key: string,
	path: string,
	kind: 'run' | 'model',
	state: {lines: number; problems: Problem[]},
	onMetric: (metric: Metric) => void,
): number {
	const end = chunk.lastIndexOf(0x0a);
	if (end < 0) return 0;
	const text = chunk.subarray(0, end).toString('utf8');
	let badLines = 0;
	for (const line of text.split('\n')) {
		state.lines++;
		if (line.trim() === '') continue;
		const result = parseMetricLine(key, line, kind);
		if ('metric' in result) {
			onMetric(result.metric);
		} else {
			badLines++;
			if (state.problems.length < MAX_LINE_PROBLEMS) {
				state.problems.push({path, reason: `line ${state.lines}: ${result.error}`, effect: 'line ignored'});
			}
		}
	}
	if (badLines > 0 && state.problems.length >= MAX_LINE_PROBLEMS) {
		const last = state.problems[state.problems.length - 1]!;
		last.effect = 'line ignored (further bad lines in this file not listed)';
	}
	return end + 1;
}

function readRange(path: string, start: number, end: number): Promise<Buffer> {
	return withOpenFile(() => readRangeOpen(path, start, end));
}

async function readRangeOpen(path: string, start: number, end: number): Promise<Buffer> {
	const handle = await open(path, 'r');
	try {
		const buffer = Buffer.alloc(end - start);
		let read = 0;
		while (read < buffer.length) {
			const {bytesRead} = await handle.read(buffer, read, buffer.length - read, start + read);
			if (bytesRead === 0) break;
			read += bytesRead;
		}
		return buffer.subarray(0, read);
	} finally {
		await handle.close();
	}
}

/**
 * Bring `state` up to date with the file. A file that shrank was rewritten, so it is read
 * again from the start. Returns true when anything new was consumed.
 */
export async function refreshMetricFile(
	path: string,
	key: string,
	state: MetricFileState,
	kind: 'run' | 'model' = 'run',
): Promise<boolean> {
	const info = await stat(path);
	if (info.size === state.size && info.mtimeMs === state.mtimeMs) return false;
	if (info.size < state.offset) Object.assign(state, newMetricFileState(key));
	state.size = info.size;
	state.mtimeMs = info.mtimeMs;
	if (info.size === state.offset) return false;
	// Re-read the last bytes already consumed along with the new ones: if they differ, the
	// file was truncated and written again (not by MLflow, but by people and scripts), and
	// continuing from the old offset would start mid-line.
	let chunk = await readRange(path, state.offset - state.tail.length, info.size);
	if (!chunk.subarray(0, state.tail.length).equals(state.tail)) {
		Object.assign(state, newMetricFileState(key), {size: info.size, mtimeMs: info.mtimeMs});
		chunk = await readRange(path, 0, info.size);
	}
	const body = chunk.subarray(state.tail.length);
	const used = consume(body, key, path, kind, state, (metric) => state.summary.add(metric));
	state.offset += used;
	const end = state.tail.length + used;
	state.tail = Buffer.from(chunk.subarray(Math.max(0, end - TAIL_BYTES), end));
	return used > 0;
}

/** The whole history of a metric file, in file order, with its problems. */
export async function readMetricHistory(
	path: string,
	key: string,
	kind: 'run' | 'model' = 'run',
): Promise<{metrics: Metric[]; problems: Problem[]}> {
	const info = await stat(path);
	const chunk = await readRange(path, 0, info.size);
	const metrics: Metric[] = [];
	const state = {lines: 0, problems: [] as Problem[]};
	consume(chunk, key, path, kind, state, (metric) => metrics.push(metric));
	return {metrics, problems: state.problems};
}
