// Writes small stores in MLflow's file format for tests that need a shape no corpus
// store has (NaN, control characters, YAML 1.1 quirks...). Layout as in reference §1.

import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';

export function tempStore(): string {
	const root = join(mkdtempSync(join(tmpdir(), 'mlwatch-store-')), 'mlruns');
	mkdirSync(root);
	return root;
}

function write(path: string, text: string): void {
	mkdirSync(dirname(path), {recursive: true});
	writeFileSync(path, text);
}

export function writeExperiment(root: string, id: string, meta: string, tags: Record<string, string> = {}): string {
	const dir = join(root, id);
	write(join(dir, 'meta.yaml'), meta);
	for (const [key, value] of Object.entries(tags)) write(join(dir, 'tags', key), value);
	return dir;
}

export interface RunSpec {
	meta: string;
	metrics?: Record<string, string>;
	params?: Record<string, string>;
	tags?: Record<string, string>;
}

export function writeRun(experimentDir: string, runId: string, spec: RunSpec): string {
	const dir = join(experimentDir, runId);
	write(join(dir, 'meta.yaml'), spec.meta);
	for (const sub of ['metrics', 'params', 'tags', 'artifacts']) mkdirSync(join(dir, sub), {recursive: true});
	for (const [key, text] of Object.entries(spec.metrics ?? {})) write(join(dir, 'metrics', ...key.split('/')), text);
	for (const [key, text] of Object.entries(spec.params ?? {})) write(join(dir, 'params', ...key.split('/')), text);
	for (const [key, text] of Object.entries(spec.tags ?? {})) write(join(dir, 'tags', ...key.split('/')), text);
	return dir;
}

/** A 3.x-style run meta.yaml (sorted keys, int status). */
export function runMeta(fields: {runId: string; experimentId: string; name?: string; status?: number; start?: number; end?: number | null; stage?: string; extra?: string}): string {
	return [
		`artifact_uri: file:///elsewhere/mlruns/${fields.experimentId}/${fields.runId}/artifacts`,
		`end_time: ${fields.end ?? 'null'}`,
		"entry_point_name: ''",
		`experiment_id: '${fields.experimentId}'`,
		`lifecycle_stage: ${fields.stage ?? 'active'}`,
		`run_id: ${fields.runId}`,
		`run_name: ${fields.name ?? "''"}`,
		"source_name: ''",
		'source_type: 4',
		"source_version: ''",
		`start_time: ${fields.start ?? 1700000000000}`,
		`status: ${fields.status ?? 3}`,
		'tags: []',
		'user_id: alice',
		fields.extra ?? '',
	].join('\n');
}
