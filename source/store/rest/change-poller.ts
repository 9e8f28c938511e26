// Following a tracking server: it cannot tell anyone what changed, so the feed looks on
// a timer and compares with what it saw. Each look is a few small searches: the
// experiments, the RUNNING runs (the ones that log; their latest values, params and tags
// say what moved), and the newest runs by start time (a run that came and finished
// between two looks). Less often: the newest deleted runs (deletes and restores), the
// registry, and a wider sweep of recent runs (something written to a finished run).
// A slow server is looked at less often, a failing one with growing pauses; after a
// failure the feed says everything may have changed, since it lost track.

import type {ChangeFeed, StoreChange} from '../contract.js';
import {EVERYTHING, emptyChange, isEmptyChange} from '../changes.js';
import type {Experiment, Run} from '../types.js';
import type {RestStore} from './rest-store.js';

/** Newest runs compared on every look. */
const NEWEST = 25;
/** Every this many looks: deleted runs and the registry. */
const SLOW_EVERY = 5;
/** Every this many looks: the recent runs, all their values compared. */
const SWEEP_EVERY = 30;
const SWEEP = 200;
/** Looks take at most about a quarter of the time. */
const LOOK_SHARE = 4;
const LONGEST_MS = 30_000;
const LONGEST_FAILING_MS = 60_000;
const RUNNING = "attributes.status = 'RUNNING'";

interface Seen {
	experiments: Map<string, string>;
	running: Map<string, RunSeen>;
	newest: Map<string, string>;
	newestFrom: number;
	deleted?: Map<string, string>;
	models?: string;
	recent?: Map<string, RunSeen>;
}

interface RunSeen {
	experimentId: string;
	/** Everything but the latest metric values. */
	rest: string;
	metrics: Map<string, string>;
}

function experimentSig(experiment: Experiment): string {
	const tags = [...experiment.tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return JSON.stringify([experiment.name, experiment.lifecycle_stage, experiment.last_update_time ?? null, tags]);
}

function runSeen(run: Run): RunSeen {
	const sorted = (items: Array<{key: string; value: string}>) => [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((item) => `${item.key}=${item.value}`);
	const {info} = run;
	return {
		experimentId: info.experiment_id,
		rest: JSON.stringify([info.status, info.end_time ?? null, info.lifecycle_stage, info.run_name ?? null, sorted(run.data.params), sorted(run.data.tags), run.inputs.dataset_inputs.length, run.outputs.model_outputs.length]),
		metrics: new Map(run.data.metrics.map((metric) => [metric.key, `${metric.step}:${metric.timestamp}:${metric.value}`])),
	};
}

function seenMap(runs: Run[]): Map<string, RunSeen> {
	return new Map(runs.map((run) => [run.info.run_id, runSeen(run)]));
}

function plural(ms: number): string {
	const s = Math.round(ms / 100) / 10;
	return `${s} s`;
}

export class RestChangeFeed implements ChangeFeed {
	readonly mode = 'poll' as const;
	private readonly listeners = new Set<(change: StoreChange) => void>();
	private readonly pollMs: number;
	private intervalMs: number;
	private seen?: Seen;
	private looks = 0;
	private failing?: string;
	private lostTrack = false;
	private timer?: NodeJS.Timeout;
	private closed = false;
	private current?: Promise<void>;
	private fastMs = 0;
	private readonly first: Promise<void>;

	constructor(
		private readonly store: RestStore,
		options: {pollMs: number},
	) {
		this.pollMs = Math.max(100, options.pollMs);
		this.intervalMs = this.pollMs;
		this.first = this.look();
	}

	get warning(): string | undefined {
		if (this.failing) return `the tracking server is not answering (${this.failing}); looking again in ${plural(this.intervalMs)}`;
		if (this.intervalMs > this.pollMs * 2) return `the tracking server answers slowly; looking every ${plural(this.intervalMs)}`;
		return undefined;
	}

	subscribe(listener: (change: StoreChange) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** After the first look, whether or not the server answered it (the feed keeps trying). */
	ready(): Promise<void> {
		return this.first;
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		await this.current?.catch(() => {});
	}

	private schedule(): void {
		if (this.closed) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.look();
		}, this.intervalMs);
		this.timer.unref();
	}

	private look(): Promise<void> {
		this.current = (async () => {
			try {
				const change = await this.compare();
				// What every look costs (the slower parts come seldom).
				const took = this.fastMs;
				this.failing = undefined;
				// The first look meets a cold server (and the slow parts of a look); it says nothing about the next.
				this.intervalMs = this.looks <= 1 ? this.pollMs : Math.max(this.pollMs, Math.min(LONGEST_MS, took * LOOK_SHARE));
				if (this.lostTrack) {
					this.lostTrack = false;
					this.emit(EVERYTHING);
				} else if (change && !isEmptyChange(change)) {
					this.emit(change);
				}
			} catch (error) {
				if (this.closed) return;
				this.failing = (error as Error).message.replace(/\.\s.*$/s, '');
				this.lostTrack = this.seen !== undefined;
				this.intervalMs = Math.min(LONGEST_FAILING_MS, Math.max(this.pollMs, this.intervalMs) * 2);
			} finally {
				this.schedule();
			}
		})();
		return this.current;
	}

	private emit(change: StoreChange): void {
		if (this.closed) return;
		this.store.forget(change);
		for (const listener of [...this.listeners]) listener(change);
	}

	/** One look; undefined the first time (nothing to compare with yet). */
	private async compare(): Promise<StoreChange | undefined> {
		// Background work: after what the screens asked for, unless they never stop asking.
		await this.store.http.idle(150, this.pollMs);
		const options = {once: true, timeoutMs: Math.min(30_000, this.store.http.settings.timeoutMs)};
		const started = Date.now();
		const look = this.looks++;
		// Not on the first look: that one meets the screen's own first reads.
		const slow = look % SLOW_EVERY === 1;
		const sweep = look % SWEEP_EVERY === 2;
		const experiments = await this.store.everyExperiment('ALL', options);
		const active = experiments.filter((experiment) => experiment.lifecycle_stage === 'active').map((experiment) => experiment.experiment_id);
		const running = await this.store.everyRun({experimentIds: active, filter: RUNNING}, options);
		const newest = active.length === 0 ? [] : (await this.store.searchRunsPage({experimentIds: active, maxResults: NEWEST, orderBy: ['attributes.start_time DESC']}, options)).items;
		this.fastMs = Date.now() - started;
		const next: Seen = {
			experiments: new Map(experiments.map((experiment) => [experiment.experiment_id, experimentSig(experiment)])),
			running: seenMap(running),
			newest: new Map(newest.map((run) => [run.info.run_id, run.info.experiment_id])),
			newestFrom: newest.length < NEWEST ? Number.NEGATIVE_INFINITY : Math.min(...newest.map((run) => run.info.start_time ?? 0)),
			...(this.seen?.deleted ? {deleted: this.seen.deleted} : {}),
			...(this.seen?.models !== undefined ? {models: this.seen.models} : {}),
			...(this.seen?.recent ? {recent: this.seen.recent} : {}),
		};
		if (slow && active.length > 0) {
			const deleted = (await this.store.searchRunsPage({experimentIds: active, view: 'DELETED_ONLY', maxResults: 100, orderBy: ['attributes.start_time DESC']}, options)).items;
			next.deleted = new Map(deleted.map((run) => [run.info.run_id, run.info.experiment_id]));
		}
		if (slow) next.models = await this.modelsSig(options);
		if (sweep && active.length > 0) next.recent = seenMap((await this.store.searchRunsPage({experimentIds: active, maxResults: SWEEP, orderBy: ['attributes.start_time DESC']}, options)).items);

		const before = this.seen;
		this.seen = next;
		if (!before) return undefined;
		const change = emptyChange();
		const experimentRuns = new Set<string>();
		const runs = new Map<string, StoreChange['runs'][number]>();
		const runChanged = (experimentId: string, runId: string, metrics?: string[]) => {
			const known = runs.get(runId);
			if (known && (known.metrics === undefined || metrics === undefined)) runs.set(runId, {experimentId, runId});
			else if (known) runs.set(runId, {experimentId, runId, metrics: [...new Set([...known.metrics!, ...metrics!])].sort()});
			else runs.set(runId, metrics === undefined ? {experimentId, runId} : {experimentId, runId, metrics});
		};

		if (before.experiments.size !== next.experiments.size || [...next.experiments].some(([id, sig]) => before.experiments.get(id) !== sig)) change.experiments = true;

		// What a run did since the last look, by its latest values and everything else.
		const compareRuns = (old: Map<string, RunSeen>, now: Map<string, RunSeen>, gone: 'status' | 'ignore') => {
			for (const [runId, seen] of now) {
				const was = old.get(runId);
				if (!was) {
					if (gone === 'status') {
						experimentRuns.add(seen.experimentId);
						runChanged(seen.experimentId, runId);
					}
					continue;
				}
				if (was.rest !== seen.rest) {
					runChanged(seen.experimentId, runId);
					continue;
				}
				const moved = [...seen.metrics].filter(([key, sig]) => was.metrics.get(key) !== sig).map(([key]) => key);
				if (moved.length > 0) runChanged(seen.experimentId, runId, moved.sort());
			}
			if (gone === 'status') {
				for (const [runId, was] of old) {
					if (now.has(runId)) continue;
					// No longer RUNNING: it ended, was deleted or its experiment was.
					experimentRuns.add(was.experimentId);
					runChanged(was.experimentId, runId);
				}
			}
		};
		compareRuns(before.running, next.running, 'status');
		if (sweep && before.recent && next.recent) compareRuns(before.recent, next.recent, 'ignore');

		for (const run of newest) {
			const id = run.info.run_id;
			if (before.newest.has(id) || next.running.has(id)) continue;
			if ((run.info.start_time ?? 0) < before.newestFrom) continue;
			experimentRuns.add(run.info.experiment_id);
		}
		if (slow && before.deleted && next.deleted) {
			for (const [id, experimentId] of next.deleted) if (!before.deleted.has(id)) experimentRuns.add(experimentId);
			for (const [id, experimentId] of before.deleted) if (!next.deleted.has(id)) experimentRuns.add(experimentId);
		}
		if (slow && before.models !== undefined && next.models !== before.models) change.models = true;

		change.experimentRuns = [...experimentRuns].sort();
		change.runs = [...runs.values()];
		return change;
	}

	/** The registry as the most recently changed models say; undefined when it cannot be read. */
	private async modelsSig(options: {once: boolean; timeoutMs: number}): Promise<string | undefined> {
		try {
			const answer = await this.store.http.getJson<{registered_models?: Array<{name?: string; last_updated_timestamp?: number}>}>('mlflow/registered-models/search', {max_results: 20, order_by: ['last_updated_timestamp DESC']}, options);
			return JSON.stringify((answer.registered_models ?? []).map((model) => [model.name, model.last_updated_timestamp]));
		} catch {
			// A server without the registry, or one that cannot order it: not followed.
			return undefined;
		}
	}
}
