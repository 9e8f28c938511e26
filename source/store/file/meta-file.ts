// Reading a meta.yaml the way a live reader must: MLflow rewrites run meta.yaml in place
// (truncate, then write), so an empty or half-written file is usually a write in
// progress. Like MLflow's own reader, retry briefly before calling it broken.

import {setTimeout as sleep} from 'node:timers/promises';
import {join} from 'node:path';
import type {Problem} from '../types.js';
import {readText} from './fs-read.js';
import {parseMeta, type Meta} from './yaml.js';

export type MetaRead = {ok: true; meta: Meta; text: string} | {ok: false; reason: string; missing: boolean};

const RETRY_DELAYS_MS = [100, 200];

/**
 * The meta.yaml in `dir`, or undefined with a problem recorded: a missing file is reported
 * on the folder, a broken one on the file.
 */
export async function readMetaOrReport(dir: string, problems: Problem[], effect: string, missingReason?: string): Promise<{meta: Meta; text: string} | undefined> {
	const path = join(dir, 'meta.yaml');
	const read = await readMetaFile(path);
	if (read.ok) return read;
	problems.push({path: read.missing ? dir : path, reason: read.missing && missingReason ? missingReason : read.reason, effect});
	return undefined;
}

/** Copies the fields that are set: MLflow's JSON omits unset ones. */
export function assignDefined<T extends object>(target: T, fields: {[K in keyof T]?: T[K] | undefined}): T {
	for (const [key, value] of Object.entries(fields)) {
		if (value !== undefined) (target as Record<string, unknown>)[key] = value;
	}
	return target;
}

export async function readMetaFile(path: string, {retry = true} = {}): Promise<MetaRead> {
	for (let attempt = 0; ; attempt++) {
		const text = await readText(path);
		if (!text.ok) return {ok: false, reason: text.missing ? 'meta.yaml is missing' : `cannot read meta.yaml: ${text.reason}`, missing: text.missing};
		const parsed = parseMeta(text.value);
		if (parsed.ok) return parsed;
		const delay = RETRY_DELAYS_MS[attempt];
		if (!retry || delay === undefined) return {ok: false, reason: parsed.reason, missing: false};
		await sleep(delay);
	}
}
