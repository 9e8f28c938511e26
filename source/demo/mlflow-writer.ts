// Writes MLflow's file store the way MLflow 3.x's FileStore does: the same folders, the
// same meta.yaml keys and spelling, the same write calls (meta.yaml truncated and
// rewritten in place, metric lines appended one `write` at a time, params and tags as
// whole files without a newline). Only the demo and the tests use it; mlwatch itself
// never writes into a store.

import {appendFileSync, mkdirSync, utimesSync, writeFileSync, readdirSync, statSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {pyFloat, pyStr, yamlMapping} from './python-text.js';

export type EndStatus = 'FINISHED' | 'FAILED' | 'KILLED';

const STATUS_CODE = {RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5} as const;

/** Ids the way MLflow makes them, from a caller-supplied source of randomness. */
export interface IdSource {
	/** An 18-digit experiment id that does not start with 0 (MLflow 2.0+). */
	experimentId(): string;
	/** 32 lowercase hex digits (a uuid4 without dashes). */
	runId(): string;
}

/** A small seeded generator (mulberry32), so a demo store can be made twice alike. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function idSource(random: () => number): IdSource {
	const digits = (count: number, base: number) => Array.from({length: count}, () => Math.floor(random() * base).toString(base)).join('');
	return {
		experimentId: () => String(1 + Math.floor(random() * 9)) + digits(17, 10),
		runId: () => digits(32, 16),
	};
}

/** Nested keys (`model/optimizer/lr`) are nested folders, as in MLflow. */
function keyPath(dir: string, key: string): string {
	if (key.split('/').some((part) => part === '' || part === '.' || part === '..')) throw new Error(`invalid key '${key}'`);
	return join(dir, ...key.split('/'));
}

function writeKeyFile(dir: string, key: string, value: string): void {
	const path = keyPath(dir, key);
	mkdirSync(dirname(path), {recursive: true});
	writeFileSync(path, value);
}

export interface RunOptions {
	runName: string;
	runId?: string;
	startTime: number;
	user?: string;
	sourceName?: string;
	parentRunId?: string;
}

export class RunWriter {
	private status: keyof typeof STATUS_CODE = 'RUNNING';
	private endTime: number | null = null;

	constructor(
		readonly runId: string,
		readonly experimentId: string,
		readonly dir: string,
		readonly runName: string,
		readonly startTime: number,
		private readonly user: string,
	) {}

	/** MLflow rewrites the whole file in place (open 'w', dump) on every status change. */
	writeMeta(): void {
		writeFileSync(
			join(this.dir, 'meta.yaml'),
			yamlMapping({
				artifact_uri: pathToFileURL(join(this.dir, 'artifacts')).href,
				end_time: this.endTime,
				entry_point_name: '',
				experiment_id: this.experimentId,
				lifecycle_stage: 'active',
				run_id: this.runId,
				run_name: this.runName,
				source_name: '',
				source_type: 4,
				source_version: '',
				start_time: this.startTime,
				status: STATUS_CODE[this.status],
				tags: [],
				user_id: this.user,
			}),
		);
	}

	logParam(key: string, value: string | number | boolean): void {
		writeKeyFile(join(this.dir, 'params'), key, pyStr(value));
	}

	setTag(key: string, value: string): void {
		writeKeyFile(join(this.dir, 'tags'), key, value);
	}

	/** One `timestamp value step` line, appended with a single write as MLflow does. */
	logMetric(key: string, value: number, step: number, timestamp: number): void {
		const path = keyPath(join(this.dir, 'metrics'), key);
		mkdirSync(dirname(path), {recursive: true});
		appendFileSync(path, `${Math.trunc(timestamp)} ${pyFloat(value)} ${Math.trunc(step)}\n`);
	}

	end(status: EndStatus, endTime: number): void {
		this.status = status;
		this.endTime = endTime;
		this.writeMeta();
	}

	get ended(): boolean {
		return this.status !== 'RUNNING';
	}

	/**
	 * Set every file's and folder's mtime under the run to `ms`: for demo runs whose
	 * history lies in the past (a stalled job wrote its last line minutes ago).
	 */
	backdate(ms: number): void {
		const time = new Date(ms);
		const visit = (path: string) => {
			if (statSync(path).isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
			utimesSync(path, time, time);
		};
		visit(this.dir);
	}
}

export class MlflowFileWriter {
	constructor(
		readonly root: string,
		private readonly ids: IdSource,
	) {}

	private writeExperimentMeta(id: string, name: string, creationTime: number): void {
		const dir = join(this.root, id);
		mkdirSync(dir, {recursive: true});
		writeFileSync(
			join(dir, 'meta.yaml'),
			yamlMapping({
				artifact_location: pathToFileURL(dir).href,
				creation_time: creationTime,
				experiment_id: id,
				last_update_time: creationTime,
				lifecycle_stage: 'active',
				name,
			}),
		);
	}

	/** What MLflow creates when it opens a store folder that did not exist. */
	createStoreFolder(creationTime: number): void {
		mkdirSync(join(this.root, '.trash'), {recursive: true});
		this.writeExperimentMeta('0', 'Default', creationTime);
	}

	createExperiment(name: string, creationTime: number): string {
		const id = this.ids.experimentId();
		this.writeExperimentMeta(id, name, creationTime);
		return id;
	}

	/** Folder, meta.yaml, metrics/ params/ artifacts/, then the tags MLflow's client sets. */
	createRun(experimentId: string, options: RunOptions): RunWriter {
		const runId = options.runId ?? this.ids.runId();
		const dir = join(this.root, experimentId, runId);
		const user = options.user ?? 'demo';
		const run = new RunWriter(runId, experimentId, dir, options.runName, options.startTime, user);
		mkdirSync(dir, {recursive: true});
		run.writeMeta();
		for (const folder of ['metrics', 'params', 'artifacts', 'tags']) mkdirSync(join(dir, folder), {recursive: true});
		if (options.parentRunId) run.setTag('mlflow.parentRunId', options.parentRunId);
		run.setTag('mlflow.user', user);
		run.setTag('mlflow.source.name', options.sourceName ?? 'train.py');
		run.setTag('mlflow.source.type', 'LOCAL');
		run.setTag('mlflow.runName', options.runName);
		return run;
	}
}
