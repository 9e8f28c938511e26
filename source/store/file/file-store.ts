// MLflow's file store (`mlruns/`), read-only. Layout and quirks: reference section 1.
// Every read is tolerant: a bad file becomes a Problem and the rest is still served.
// Runs are cached and refreshed incrementally (see run-reader.ts), so the live watcher
// can call the same methods again cheaply.

import {stat} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import type {RunRecord, StoreDescription, TrackingStore} from '../backend.js';
import {ProblemLog} from '../problem-log.js';
import type {ArtifactListing, Dataset, Experiment, LoggedModel, Metric, Problem, RegisteredModel, TraceSummary, ViewType} from '../types.js';
import {listArtifacts} from './artifacts.js';
import {readExperiment} from './experiment-reader.js';
import {isJunkName, listDir} from './fs-read.js';
import {readLoggedModels} from './logged-model-reader.js';
import {readMetricHistory} from './metric-file.js';
import {readRegistry} from './registry-reader.js';
import {readDatasets} from './run-io.js';
import {allProblems, newCachedRun, refreshRun, toRecord, type CachedRun} from './run-reader.js';
import {readTraceSummary} from './traces.js';

/** Folders inside an experiment that are not runs. */
const RESERVED_EXPERIMENT_FOLDERS = new Set(['tags', 'datasets', 'traces', 'models']);

interface ExperimentLocation {
	id: string;
	dir: string;
	inTrash: boolean;
}

function inView(stage: 'active' | 'deleted', view: ViewType): boolean {
	return view === 'ALL' || (view === 'ACTIVE_ONLY') === (stage === 'active');
}

/** MLflow's default experiment order: newest creation first, then id. */
function compareExperiments(a: Experiment, b: Experiment): number {
	const ca = a.creation_time ?? Number.NEGATIVE_INFINITY;
	const cb = b.creation_time ?? Number.NEGATIVE_INFINITY;
	if (ca !== cb) return cb - ca;
	return a.experiment_id < b.experiment_id ? -1 : a.experiment_id > b.experiment_id ? 1 : 0;
}

export class FileStore implements TrackingStore {
	readonly description: StoreDescription;
	readonly root: string;
	private readonly log = new ProblemLog();
	private readonly runs = new Map<string, CachedRun>();
	private readonly refreshing = new Map<CachedRun, Promise<RunRecord | undefined>>();
	private readonly datasets = new Map<string, {mtimeMs: number; value: Promise<Map<string, Dataset>>}>();

	constructor(root: string) {
		this.root = resolve(root);
		this.description = {kind: 'file', uri: `file://${this.root}`, root: this.root};
	}

	problems(): Problem[] {
		return this.log.all();
	}

	/** Every experiment folder, active ones and those under `.trash/`. */
	private async locateExperiments(): Promise<ExperimentLocation[]> {
		const listing = await listDir(this.root);
		if (!listing.ok) {
			this.log.set(this.root, [{path: this.root, reason: `cannot read the store folder: ${listing.reason}`, effect: 'nothing shown'}]);
			return [];
		}
		const problems: Problem[] = [];
		const found: ExperimentLocation[] = [];
		for (const entry of listing.value) {
			const path = join(this.root, entry.name);
			if (!entry.isDirectory()) {
				if (isJunkName(entry.name)) problems.push({path, reason: 'stray file (not written by MLflow)', effect: 'ignored'});
				continue;
			}
			if (entry.name === 'models') continue;
			if (entry.name.endsWith('.trash')) {
				const trash = await listDir(path);
				if (!trash.ok) {
					problems.push({path, reason: `cannot read folder: ${trash.reason}`, effect: 'deleted experiments not shown'});
					continue;
				}
				for (const deleted of trash.value) {
					if (deleted.isDirectory()) found.push({id: deleted.name, dir: join(path, deleted.name), inTrash: true});
				}
				continue;
			}
			found.push({id: entry.name, dir: path, inTrash: false});
		}
		this.log.set(this.root, problems);
		return found;
	}

	private async readExperimentAt(location: ExperimentLocation): Promise<Experiment | undefined> {
		const {experiment, problems} = await readExperiment(location.dir, location.id, location.inTrash);
		this.log.set(location.dir, problems);
		return experiment;
	}

	async listExperiments(view: ViewType = 'ACTIVE_ONLY'): Promise<Experiment[]> {
		const locations = await this.locateExperiments();
		const experiments = await Promise.all(locations.map((location) => this.readExperimentAt(location)));
		return experiments.filter((experiment): experiment is Experiment => experiment !== undefined && inView(experiment.lifecycle_stage, view)).sort(compareExperiments);
	}

	private async locateExperiment(experimentId: string): Promise<ExperimentLocation | undefined> {
		for (const location of [
			{id: experimentId, dir: join(this.root, experimentId), inTrash: false},
			{id: experimentId, dir: join(this.root, '.trash', experimentId), inTrash: true},
		]) {
			if (experimentId.includes('/') || experimentId.startsWith('.')) return undefined;
			try {
				if ((await stat(location.dir)).isDirectory()) return location;
			} catch {
				// try the next place
			}
		}
		return undefined;
	}

	async getExperiment(experimentId: string): Promise<Experiment | undefined> {
		const location = await this.locateExperiment(experimentId);
		return location ? this.readExperimentAt(location) : undefined;
	}

	private experimentDatasets(experimentDir: string): () => Promise<Map<string, Dataset>> {
		return async () => {
			const dir = join(experimentDir, 'datasets');
			let mtimeMs = -1;
			try {
				mtimeMs = (await stat(dir)).mtimeMs;
			} catch {
				// no datasets folder
			}
			const cached = this.datasets.get(experimentDir);
			if (cached && cached.mtimeMs === mtimeMs) return cached.value;
			const problems: Problem[] = [];
			const value = readDatasets(experimentDir, problems).then((datasets) => {
				this.log.set(dir, problems);
				return datasets;
			});
			this.datasets.set(experimentDir, {mtimeMs, value});
			return value;
		};
	}

	/**
	 * Set while a watcher reports every change under the store (watch/create-change-source.ts):
	 * runs are then re-read only when invalidated, instead of every run's meta.yaml being
	 * looked at on every list (a thousand stats per refresh of a big experiment).
	 */
	followed = false;

	/**
	 * One refresh per run at a time: two overlapping refreshes would both read a metric
	 * file from the same offset and count its new lines twice. Callers arriving while a
	 * refresh runs share its result.
	 */
	private refreshCachedRun(run: CachedRun, experimentDir: string): Promise<RunRecord | undefined> {
		const pending = this.refreshing.get(run);
		if (pending) return pending;
		const refresh = (async () => {
			try {
				const ok = await refreshRun(run, this.experimentDatasets(experimentDir), this.followed);
				this.log.set(run.dir, allProblems(run));
				return ok ? toRecord(run) : undefined;
			} finally {
				this.refreshing.delete(run);
			}
		})();
		this.refreshing.set(run, refresh);
		return refresh;
	}

	private cachedRun(dir: string, runId: string, experimentId: string): CachedRun {
		let run = this.runs.get(dir);
		if (!run) {
			run = newCachedRun(dir, runId, experimentId);
			this.runs.set(dir, run);
		}
		return run;
	}

	async listRuns(experimentId: string, view: ViewType = 'ACTIVE_ONLY'): Promise<RunRecord[]> {
		const location = await this.locateExperiment(experimentId);
		if (!location) return [];
		const listing = await listDir(location.dir);
		if (!listing.ok) {
			this.log.set(location.dir + '/', [{path: location.dir, reason: `cannot read folder: ${listing.reason}`, effect: 'runs not shown'}]);
			return [];
		}
		const problems: Problem[] = [];
		const seen = new Set<string>();
		const records = await Promise.all(
			listing.value.map(async (entry) => {
				if (!entry.isDirectory()) {
					if (isJunkName(entry.name)) problems.push({path: join(location.dir, entry.name), reason: 'stray file (not written by MLflow)', effect: 'ignored'});
					return undefined;
				}
				if (RESERVED_EXPERIMENT_FOLDERS.has(entry.name)) return undefined;
				const dir = join(location.dir, entry.name);
				seen.add(dir);
				return this.refreshCachedRun(this.cachedRun(dir, entry.name, experimentId), location.dir);
			}),
		);
		this.log.set(location.dir + '/', problems);
		// Forget runs whose folders went away.
		for (const [dir, run] of this.runs) {
			if (run.experimentId === experimentId && !seen.has(dir)) {
				this.runs.delete(dir);
				this.log.clearUnder(dir);
			}
		}
		return records.filter((record): record is RunRecord => record !== undefined && inView(record.run.info.lifecycle_stage, view));
	}

	/** The folder of a run: from the cache, else by looking in every experiment. */
	private async locateRun(runId: string): Promise<{dir: string; experimentDir: string; experimentId: string} | undefined> {
		if (!/^[A-Za-z0-9_-]+$/.test(runId)) return undefined;
		for (const run of this.runs.values()) {
			if (run.runId === runId) return {dir: run.dir, experimentDir: join(run.dir, '..'), experimentId: run.experimentId};
		}
		for (const location of await this.locateExperiments()) {
			const dir = join(location.dir, runId);
			try {
				if ((await stat(dir)).isDirectory()) return {dir, experimentDir: location.dir, experimentId: location.id};
			} catch {
				// not in this experiment
			}
		}
		return undefined;
	}

	async getRun(runId: string): Promise<RunRecord | undefined> {
		const found = await this.locateRun(runId);
		if (!found) return undefined;
		return this.refreshCachedRun(this.cachedRun(found.dir, runId, found.experimentId), found.experimentDir);
	}

	async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
		const found = await this.locateRun(runId);
		if (!found || key.split('/').some((part) => part === '..' || part === '.' || part === '')) return [];
		const path = join(found.dir, 'metrics', ...key.split('/'));
		try {
			const {metrics, problems} = await readMetricHistory(path, key);
			this.log.set(`${path}#history`, problems);
			return metrics.map((metric) => ({...metric, run_id: runId}));
		} catch {
			return [];
		}
	}

	async listArtifacts(runId: string, path = ''): Promise<ArtifactListing | undefined> {
		const record = await this.getRun(runId);
		const found = await this.locateRun(runId);
		if (!record || !found) return undefined;
		return listArtifacts(record.run.info.artifact_uri, found.dir, runId, this.root, path);
	}

	async listLoggedModels(experimentId: string): Promise<LoggedModel[]> {
		const location = await this.locateExperiment(experimentId);
		if (!location) return [];
		const problems: Problem[] = [];
		const models = await readLoggedModels(location.dir, experimentId, problems);
		this.log.set(join(location.dir, 'models'), problems);
		return models;
	}

	async listRegisteredModels(): Promise<RegisteredModel[]> {
		const problems: Problem[] = [];
		const models = await readRegistry(this.root, problems);
		this.log.set(join(this.root, 'models'), problems);
		return models;
	}

	async getTraceSummary(experimentId: string): Promise<TraceSummary> {
		const location = await this.locateExperiment(experimentId);
		if (!location) return {total: 0, byState: {}};
		const problems: Problem[] = [];
		const summary = await readTraceSummary(location.dir, problems);
		this.log.set(join(location.dir, 'traces'), problems);
		return summary;
	}

	/** Called by the watcher: something under `path` changed, so re-read it next time. */
	invalidate(path: string): void {
		// A path inside a run: walk up to the run's folder (a few lookups; a busy store sends
		// hundreds of paths a second, so no loop over every run per path).
		for (let dir = path; dir.length > this.root.length; dir = dirname(dir)) {
			const run = this.runs.get(dir);
			if (run) {
				run.dirty = true;
				return;
			}
		}
		// A folder holding runs (an experiment, the whole store): every run under it.
		for (const run of this.runs.values()) if (run.dir.startsWith(path + '/')) run.dirty = true;
	}
}
