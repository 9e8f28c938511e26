// Reading a meta.yaml the way a live reader must: MLflow rewrites run meta.yaml in place
// (truncate, then write), so an empty or half-written file is usually a write in
// progress. Like MLflow's own reader, retry briefly before calling it broken.

import {setTimeout as sleep} from 'node:timers/promises';
import {readText} from './fs-read.js';
import {parseMeta, type Meta} from './yaml.js';

export type MetaRead = {ok: true; meta: Meta; text: string} | {ok: false; reason: string; missing: boolean};

const RETRY_DELAYS_MS = [100, 200];

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
