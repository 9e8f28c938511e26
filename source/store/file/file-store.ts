// MLflow's file store (`mlruns/`), read-only, behind the store contract. Every read is
// tolerant (a bad file becomes a Problem and the rest is still served) and bounded.
// Runs are kept in memory and refreshed incrementally: a store that is followed
// (follow()) trusts what it read until its watcher says something changed; one that is
// not compares each run with the disk once per question (a page token keeps the answer
// it pages through, so later pages cost nothing).

import {homedir} from 'node:os';
import {pathToFileURL} from 'node:url';
import {join, resolve} from 'node:path';
import type {
	ArtifactContent,
	ChangeFeed,
	ExperimentPage,
	ExperimentSearch,
	FollowOptions,
	HistoryAnswer,
	HistoryOptions,
	RunCounts,
	RunPage,
	RunSearch,
	StoreAbout,
	StoreDescription,
	SummaryAnswer,
	TrackingStore,
} from '../contract.js';
import {encodePageToken, decodePageToken} from '../page-token.js';
import {ProblemLog} from '../problem-log.js';
import {compareRuns, matchesFilter} from '../search/index.js';
import {checkMaxResults, inView, parseRunSearch} from '../search-query.js';
import type {ArtifactListing, Dataset, Experiment, LoggedModel, Problem, RegisteredModel, Run, TraceSummary} from '../types.js';
import {listArtifacts, readArtifactFile} from './artifacts.js';
import {readExperiment} from './experiment-reader.js';
import {kindOf, listDirSync, notAFolder, sameStamp, stampPath, type Stamp} from './fs-sync.js';
import {isJunkName} from './junk.js';
import {isExperimentFolderName, isRunFolderName, isSafeId, isSafeKey, isTrashFolderName, keyPath, REGISTRY_FOLDER} from './layout.js';
import {readLoggedModels} from './logged-model-reader.js';
import {allPoints, chartPoints, readHistory} from './metric-history.js';
import {readRegistry} from './registry-reader.js';
import {readDatasets} from './run-io.js';
import {lastRecorded, newRunState, park, refreshData, refreshInfo, summariesOf, toRun, type Refresh, type RunState} from './run-state.js';
import {ReadSlices} from './read-slices.js';
import {readTraceSummary} from './traces.js';
import type {ChangeSource} from './watch/change-source.js';
import {followFileStore, type FileChangeTarget} from './watch/follow.js';
import {FsWatchSource} from './watch/fs-watch-source.js';
import {StatPoller} from './watch/stat-poller.js';
import {foldersMlflowWillCreate} from './mlflow-writes.js';
import {DiskCache} from './disk-cache.js';

export interface FileStoreOptions {
	/** Keep what was read in this folder (the user's cache, never the store), to start faster next time. */
	cacheFolder?: string;
}

interface ExperimentEntry {
	id: string;
	dir: string;
	inTrash: boolean;
	experiment?: Experiment;
	/** Epoch the experiment's meta.yaml was last read. */
	epoch: number;
	dirty: boolean;
	runs: Map<string, RunState>;
	listingEpoch: number;
	listingDirty: boolean;
	datasets?: {stamp?: Stamp; value: Map<string, Dataset>};
}

interface Snapshot {
	states: RunState[];
	at: number;
}

const SNAPSHOT_TTL_MS = 5 * 60_000;
const CACHE_SAVE_EVERY_MS = 60_000;
/** Watches are set up once the store's reads have paused this long (the first screen is read). */
const FOLLOW_AFTER_QUIET_MS = 150;
const SNAPSHOTS_KEPT = 8;

/** MLflow's default experiment order: newest creation first, then id. */
function compareExperiments(a: Experiment, b: Experiment): number {
	const ca = a.creation_time ?? Number.NEGATIVE_INFINITY;
	const cb = b.creation_time ?? Number.NEGATIVE_INFINITY;
	if (ca !== cb) return cb - ca;
	return a.experiment_id < b.experiment_id ? -1 : a.experiment_id > b.experiment_id ? 1 : 0;
}

function tildePath(path: string): string {
	const home = homedir();
	return path === home || path.startsWith(home + '/') ? `~${path.slice(home.length)}` : path;
}

export class FileStore implements TrackingStore, FileChangeTarget {
	readonly description: StoreDescription;
	readonly root: string;
	private readonly log = new ProblemLog();
	private readonly slices = new ReadSlices();
	private readonly experiments = new Map<string, ExperimentEntry>();
	private rootEpoch = -1;
	private rootDirty = true;
	/** Bumped by each question to a store nobody follows: what it touches is compared with the disk. */
	private epoch = 0;
	private followed = false;
	private feed?: ChangeFeed;
	private readonly snapshots = new Map<string, Snapshot>();
	private snapshotCount = 0;

	private readonly cache?: DiskCache;
	/** Runs read on an earlier start, not yet looked at in this one. */
	private warm?: Map<string, RunState>;

	constructor(root: string, options: FileStoreOptions = {}) {
		this.root = resolve(root);
		this.description = {kind: 'file', uri: pathToFileURL(this.root).href, label: tildePath(this.root), localPath: this.root};
		if (options.cacheFolder !== undefined) this.cache = new DiskCache(this.root, options.cacheFolder);
	}

	/** A run folder's state: from the disk cache when it was read before (checked before use), else new. */
	private newState(dir: string, runId: string, experimentId: string): RunState {
		if (this.cache && !this.warm) this.warm = this.cache.load();
		const known = this.warm?.get(dir);
		if (known && known.runId === runId && known.experimentId === experimentId) {
			this.warm!.delete(dir);
			return known;
		}
		const state = newRunState(dir, runId, experimentId);
		if (this.cache) state.listings = new Map();
		return state;
	}

	problems(): Problem[] {
		return this.log.all();
	}

	// ---- freshness -------------------------------------------------------------------

	/** A new question: unless followed, everything it touches is compared with the disk again. */
	private begin(): void {
		if (!this.followed) this.epoch++;
	}

	private stale(epoch: number, dirty: boolean): boolean {
		return dirty || (!this.followed && epoch !== this.epoch);
	}

	// ---- experiments -----------------------------------------------------------------

	private *locateExperiments(): Refresh<ExperimentEntry[]> {
		if (this.stale(this.rootEpoch, this.rootDirty)) {
			this.rootEpoch = this.epoch;
			this.rootDirty = false;
			const listing = listDirSync(this.root);
			if (!listing.ok) {
				this.log.set(this.root, [{path: this.root, reason: `cannot read the store folder: ${listing.reason}`, effect: 'nothing shown'}]);
				this.experiments.clear();
				return [];
			}
			const problems: Problem[] = [];
			const seen = new Set<string>();
			const add = (id: string, dir: string, inTrash: boolean) => {
				seen.add(dir);
				if (!this.experiments.has(dir)) this.experiments.set(dir, {id, dir, inTrash, epoch: -1, dirty: true, runs: new Map(), listingEpoch: -1, listingDirty: true});
			};
			for (const entry of listing.entries) {
				const path = join(this.root, entry.name);
				const kind = kindOf(entry, this.root);
				if (kind !== 'dir') {
					if (isJunkName(entry.name)) problems.push({path, reason: 'stray file (not written by MLflow)', effect: 'ignored'});
					else if (isTrashFolderName(entry.name) || entry.name === REGISTRY_FOLDER) problems.push({path, reason: `${entry.name} is a file, expected a folder`, effect: entry.name === REGISTRY_FOLDER ? 'registry not shown' : 'deleted experiments not shown'});
					continue;
				}
				if (entry.name === REGISTRY_FOLDER) continue;
				if (isTrashFolderName(entry.name)) {
					const trash = listDirSync(path);
					if (!trash.ok) {
						problems.push({path, reason: `cannot read folder: ${trash.reason}`, effect: 'deleted experiments not shown'});
						continue;
					}
					for (const deleted of trash.entries) if (kindOf(deleted, path) === 'dir') add(deleted.name, join(path, deleted.name), true);
					continue;
				}
				if (isExperimentFolderName(entry.name)) add(entry.name, path, false);
			}
			for (const dir of [...this.experiments.keys()]) {
				if (seen.has(dir)) continue;
				this.forgetExperiment(dir);
			}
			this.log.set(this.root, problems);
			yield;
		}
		return [...this.experiments.values()];
	}

	private forgetExperiment(dir: string): void {
		const entry = this.experiments.get(dir);
		this.experiments.delete(dir);
		for (const state of entry?.runs.values() ?? []) this.log.clearUnder(state.dir);
		this.log.clearUnder(dir);
	}

	private experimentOf(entry: ExperimentEntry): Experiment | undefined {
		if (this.stale(entry.epoch, entry.dirty)) {
			entry.epoch = this.epoch;
			entry.dirty = false;
			const {experiment, problems} = readExperiment(entry.dir, entry.id, entry.inTrash);
			entry.experiment = experiment;
			this.log.set(entry.dir, problems);
		}
		return entry.experiment;
	}

	private *allExperiments(): Refresh<Array<{entry: ExperimentEntry; experiment: Experiment}>> {
		const out = [];
		for (const entry of yield* this.locateExperiments()) {
			const experiment = this.experimentOf(entry);
			if (experiment) out.push({entry, experiment});
		}
		return out;
	}

	/** The experiment with this id: an active folder before one in the trash. */
	private *entryById(experimentId: string): Refresh<ExperimentEntry | undefined> {
		if (!isSafeId(experimentId)) return undefined;
		const entries = yield* this.locateExperiments();
		return entries.find((entry) => entry.id === experimentId && !entry.inTrash) ?? entries.find((entry) => entry.id === experimentId);
	}

	async searchExperiments(query: ExperimentSearch = {}): Promise<ExperimentPage> {
		const view = query.view ?? 'ACTIVE_ONLY';
		const maxResults = checkMaxResults(query.maxResults, 50_000);
		const {offset} = decodePageToken(query.pageToken);
		this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<ExperimentPage> {
				const all = (yield* this.allExperiments()).map(({experiment}) => experiment).filter((experiment) => inView(experiment.lifecycle_stage, view));
				// The same id in the store and in its trash: the active one, as MLflow finds it.
				const byId = new Map<string, Experiment>();
				for (const experiment of all) if (!byId.has(experiment.experiment_id) || experiment.lifecycle_stage === 'active') byId.set(experiment.experiment_id, experiment);
				const sorted = [...byId.values()].sort(compareExperiments);
				const page: ExperimentPage = {experiments: sorted.slice(offset, offset + maxResults)};
				if (offset + maxResults < sorted.length) page.nextPageToken = encodePageToken({offset: offset + maxResults});
				return page;
			}.bind(this),
		);
	}

	async getExperiment(experimentId: string): Promise<Experiment | undefined> {
		this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<Experiment | undefined> {
				const entry = yield* this.entryById(experimentId);
				return entry ? this.experimentOf(entry) : undefined;
			}.bind(this),
		);
	}

	// ---- runs --------------------------------------------------------------------------

	/** Every run folder of the experiment with its info read (the cheap tier). */
	private *runsOf(entry: ExperimentEntry): Refresh<RunState[]> {
		if (this.stale(entry.listingEpoch, entry.listingDirty)) {
			entry.listingEpoch = this.epoch;
			entry.listingDirty = false;
			const listing = listDirSync(entry.dir);
			const problems: Problem[] = [];
			if (!listing.ok) {
				problems.push({path: entry.dir, reason: `cannot read folder: ${listing.reason}`, effect: 'runs not shown'});
				for (const state of entry.runs.values()) this.log.clearUnder(state.dir);
				entry.runs.clear();
			} else {
				const seen = new Set<string>();
				for (const item of listing.entries) {
					const kind = kindOf(item, entry.dir);
					if (kind !== 'dir') {
						if (isJunkName(item.name)) problems.push({path: join(entry.dir, item.name), reason: 'stray file (not written by MLflow)', effect: 'ignored'});
						continue;
					}
					if (!isRunFolderName(item.name)) continue;
					const dir = join(entry.dir, item.name);
					seen.add(dir);
					if (!entry.runs.has(dir)) entry.runs.set(dir, this.newState(dir, item.name, entry.id));
				}
				for (const [dir, state] of entry.runs) {
					if (seen.has(dir)) continue;
					entry.runs.delete(dir);
					this.log.clearUnder(state.dir);
				}
			}
			this.log.set(`${entry.dir}/`, problems);
		}
		const out: RunState[] = [];
		for (const state of entry.runs.values()) {
			const check = this.stale(state.infoEpoch, state.metaDirty);
			if (check) state.infoEpoch = this.epoch;
			const usable = yield* refreshInfo(state, check);
			this.log.set(`${state.dir}#meta`, state.metaProblems as Problem[]);
			if (usable) out.push(state);
			yield;
		}
		return out;
	}

	private datasetsOf(entry: ExperimentEntry | undefined): () => Map<string, Dataset> {
		return () => {
			if (!entry) return new Map();
			const dir = join(entry.dir, 'datasets');
			const stamp = stampPath(dir);
			if (entry.datasets && (stamp === undefined ? entry.datasets.stamp === undefined : sameStamp(stamp, entry.datasets.stamp))) return entry.datasets.value;
			const problems: Problem[] = [];
			const value = stamp ? readDatasets(entry.dir, problems) : new Map<string, Dataset>();
			this.log.set(dir, problems);
			entry.datasets = stamp ? {stamp, value} : {value};
			return value;
		};
	}

	private *withData(state: RunState, summaries?: ReadonlySet<string> | 'all'): Refresh<Run | undefined> {
		const check = this.stale(state.dataEpoch, state.dataDirty);
		if (check) state.dataEpoch = this.epoch;
		const entry = this.experiments.get(resolve(state.dir, '..'));
		yield* refreshData(state, {check, summaries, datasets: this.datasetsOf(entry)});
		this.log.set(state.dir, state.dataProblems as Problem[]);
		const run = toRun(state);
		if (!this.followed && summaries === undefined) park(state);
		return run;
	}

	private *statesOf(experimentIds: readonly string[], view: RunSearch['view'] = 'ACTIVE_ONLY'): Refresh<RunState[]> {
		const states: RunState[] = [];
		const done = new Set<string>();
		for (const experimentId of experimentIds) {
			if (done.has(experimentId)) continue;
			done.add(experimentId);
			const entry = yield* this.entryById(experimentId);
			if (!entry) continue;
			for (const state of yield* this.runsOf(entry)) if (inView(state.info!.lifecycle_stage, view)) states.push(state);
		}
		return states;
	}

	async searchRuns(query: RunSearch): Promise<RunPage> {
		// Checked before anything is read: a bad filter is the caller's to fix.
		const search = parseRunSearch(query);
		const snapshot = search.token.snapshot === undefined ? undefined : this.snapshots.get(search.token.snapshot);
		if (!snapshot) this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<RunPage> {
				let ordered: RunState[];
				let snapshotId = search.token.snapshot;
				if (snapshot) {
					ordered = snapshot.states;
				} else {
					const states = yield* this.statesOf(search.experimentIds, search.view);
					// The runs as answered: a store nobody follows lets each one's data go once read.
					const runs = new Map<RunState, Run>();
					for (const state of states) {
						const run = search.attributesOnly ? toRun(state) : yield* this.withData(state);
						if (run) runs.set(state, run);
					}
					ordered = states.filter((state) => runs.has(state) && matchesFilter(runs.get(state)!, search.clauses));
					const compare = compareRuns(search.order);
					ordered.sort((a, b) => compare(runs.get(a)!, runs.get(b)!));
					snapshotId = this.keepSnapshot(ordered);
				}
				const {offset} = search.token;
				const pageStates = ordered.slice(offset, offset + search.maxResults);
				const runs: Run[] = [];
				for (const state of pageStates) {
					const run = yield* this.withData(state);
					if (run) runs.push(run);
				}
				const page: RunPage = {runs};
				if (offset + search.maxResults < ordered.length) page.nextPageToken = encodePageToken({offset: offset + search.maxResults, snapshot: snapshotId!});
				return page;
			}.bind(this),
		);
	}

	private keepSnapshot(states: RunState[]): string {
		const now = Date.now();
		for (const [id, snapshot] of this.snapshots) if (now - snapshot.at > SNAPSHOT_TTL_MS) this.snapshots.delete(id);
		while (this.snapshots.size >= SNAPSHOTS_KEPT) this.snapshots.delete(this.snapshots.keys().next().value!);
		const id = `${process.pid}-${++this.snapshotCount}`;
		this.snapshots.set(id, {states, at: now});
		return id;
	}

	/** The run's state: known already, else looked for in every experiment folder. */
	private *stateOf(runId: string): Refresh<RunState | undefined> {
		if (!isSafeId(runId)) return undefined;
		for (const entry of yield* this.locateExperiments()) {
			const known = entry.runs.get(join(entry.dir, runId));
			if (known) return known;
		}
		for (const entry of this.experiments.values()) {
			const dir = join(entry.dir, runId);
			if (notAFolder(dir) || stampPath(dir) === undefined) continue;
			const state = this.newState(dir, runId, entry.id);
			entry.runs.set(dir, state);
			return state;
		}
		return undefined;
	}

	private *usableState(runId: string): Refresh<RunState | undefined> {
		const state = yield* this.stateOf(runId);
		if (!state) return undefined;
		const check = this.stale(state.infoEpoch, state.metaDirty);
		if (check) state.infoEpoch = this.epoch;
		const usable = yield* refreshInfo(state, check);
		this.log.set(`${state.dir}#meta`, state.metaProblems as Problem[]);
		return usable ? state : undefined;
	}

	async getRun(runId: string): Promise<Run | undefined> {
		this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<Run | undefined> {
				const state = yield* this.usableState(runId);
				return state ? yield* this.withData(state) : undefined;
			}.bind(this),
		);
	}

	async countRuns(experimentIds: readonly string[]): Promise<Record<string, RunCounts>> {
		this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<Record<string, RunCounts>> {
				const out: Record<string, RunCounts> = {};
				for (const experimentId of experimentIds) {
					const counts: RunCounts = {active: 0, running: 0};
					for (const state of yield* this.statesOf([experimentId], 'ACTIVE_ONLY')) {
						counts.active++;
						const running = state.info!.status === 'RUNNING';
						if (running) {
							counts.running++;
							yield* this.withData(state);
						}
						const last = running ? lastRecorded(state) : Math.max(state.info!.start_time ?? 0, state.info!.end_time ?? 0) || undefined;
						if (last !== undefined && last > (counts.lastActivity ?? 0)) counts.lastActivity = last;
					}
					out[experimentId] = counts;
				}
				return out;
			}.bind(this),
		);
	}

	async getMetricSummaries(runIds: readonly string[], keys?: readonly string[]): Promise<SummaryAnswer> {
		this.begin();
		const wanted: ReadonlySet<string> | 'all' = keys === undefined ? 'all' : new Set(keys);
		return this.slices.run(
			function* (this: FileStore): Refresh<SummaryAnswer> {
				const out: SummaryAnswer = {};
				for (const runId of new Set(runIds)) {
					const state = yield* this.usableState(runId);
					if (!state) continue;
					yield* this.withData(state, wanted);
					const summaries = summariesOf(state, wanted);
					if (Object.keys(summaries).length > 0) out[runId] = summaries;
				}
				return out;
			}.bind(this),
		);
	}

	async getMetricHistories(runIds: readonly string[], key: string, options: HistoryOptions = {}): Promise<HistoryAnswer> {
		this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<HistoryAnswer> {
				const answer: HistoryAnswer = {histories: {}, totals: {}};
				if (!isSafeKey(key)) return answer;
				for (const runId of new Set(runIds)) {
					const state = yield* this.usableState(runId);
					if (!state) continue;
					const path = keyPath(state.dir, 'metrics', key);
					const read = yield* readHistory(path, key);
					this.log.set(`${path}#history`, read.problems);
					if (read.missing) continue;
					const points = options.maxPoints === undefined ? allPoints(read.columns, key) : chartPoints(read.columns, key, options.maxPoints);
					answer.histories[runId] = points.map((metric) => ({...metric, run_id: runId}));
					answer.totals[runId] = read.columns.length;
				}
				return answer;
			}.bind(this),
		);
	}

	// ---- artifacts, models, traces -------------------------------------------------------

	async listArtifacts(runId: string, path = ''): Promise<ArtifactListing | undefined> {
		this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<ArtifactListing | undefined> {
				const state = yield* this.usableState(runId);
				return state ? listArtifacts(state.info!.artifact_uri, state.dir, runId, this.root, path) : undefined;
			}.bind(this),
		);
	}

	async readArtifact(runId: string, path: string, maxBytes: number): Promise<ArtifactContent | undefined> {
		this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<ArtifactContent | undefined> {
				const state = yield* this.usableState(runId);
				return state ? readArtifactFile(state.info!.artifact_uri, state.dir, runId, this.root, path, maxBytes) : undefined;
			}.bind(this),
		);
	}

	async searchLoggedModels(experimentIds: readonly string[]): Promise<LoggedModel[]> {
		this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<LoggedModel[]> {
				const out: LoggedModel[] = [];
				for (const experimentId of new Set(experimentIds)) {
					const entry = yield* this.entryById(experimentId);
					if (!entry) continue;
					const problems: Problem[] = [];
					out.push(...readLoggedModels(entry.dir, experimentId, problems));
					this.log.set(join(entry.dir, 'models'), problems);
					yield;
				}
				return out;
			}.bind(this),
		);
	}

	async searchRegisteredModels(): Promise<RegisteredModel[]> {
		return this.slices.run(
			function* (this: FileStore): Refresh<RegisteredModel[]> {
				const problems: Problem[] = [];
				const models = readRegistry(this.root, problems);
				this.log.set(join(this.root, REGISTRY_FOLDER), problems);
				return models;
			}.bind(this),
		);
	}

	async getTraceSummary(experimentId: string): Promise<TraceSummary> {
		this.begin();
		return this.slices.run(
			function* (this: FileStore): Refresh<TraceSummary> {
				const entry = yield* this.entryById(experimentId);
				if (!entry) return {total: 0, byState: {}};
				const problems: Problem[] = [];
				const summary = readTraceSummary(entry.dir, problems);
				this.log.set(join(entry.dir, 'traces'), problems);
				return summary;
			}.bind(this),
		);
	}

	async about(): Promise<StoreAbout> {
		return {mlflowServerCreates: foldersMlflowWillCreate(this.root)};
	}

	// ---- following -----------------------------------------------------------------------

	follow(options: FollowOptions = {}): ChangeFeed {
		return this.followWith(options.pollMs !== undefined ? new StatPoller(this.root, {intervalMs: options.pollMs}) : new FsWatchSource(this.root));
	}

	/** Follows the store through this source of changed paths (the watcher, the poller, or a test's own). */
	followWith(source: ChangeSource): ChangeFeed {
		if (this.feed) return this.feed;
		this.followed = true;
		// What was read before following began is compared with the disk once more.
		this.markEverything();
		this.feed = followFileStore(this, source, () => this.slices.idle(FOLLOW_AFTER_QUIET_MS));
		// A long session keeps its cache fresh, in case it does not end cleanly.
		if (this.cache) setInterval(() => this.saveCache(), CACHE_SAVE_EVERY_MS).unref();
		return this.feed;
	}

	refresh(): void {
		this.epoch++;
		this.markEverything();
	}

	private markEverything(): void {
		this.rootDirty = true;
		this.snapshots.clear();
		for (const entry of this.experiments.values()) {
			entry.dirty = true;
			entry.listingDirty = true;
			for (const state of entry.runs.values()) {
				state.metaDirty = true;
				state.dataDirty = true;
			}
		}
	}

	// FileChangeTarget: what the watcher's paths mean for the cache, in store terms.

	everythingChanged(): void {
		this.markEverything();
	}

	experimentsChanged(): void {
		this.rootDirty = true;
		this.snapshots.clear();
	}

	experimentChanged(experimentDir: string): string | undefined {
		const entry = this.experiments.get(experimentDir);
		if (!entry) {
			this.rootDirty = true;
			return undefined;
		}
		entry.dirty = true;
		return entry.id;
	}

	experimentRunsChanged(experimentDir: string): void {
		const entry = this.experiments.get(experimentDir);
		this.snapshots.clear();
		if (entry) entry.listingDirty = true;
		else this.rootDirty = true;
	}

	runChanged(experimentDir: string, runDir: string, part: 'meta' | 'data'): void {
		const entry = this.experiments.get(experimentDir);
		const state = entry?.runs.get(runDir);
		if (!state) {
			if (entry) entry.listingDirty = true;
			return;
		}
		if (part === 'meta') state.metaDirty = true;
		else state.dataDirty = true;
	}

	/** Writes what was read to the disk cache (when there is one). */
	saveCache(): void {
		if (!this.cache) return;
		const states: RunState[] = [];
		for (const entry of this.experiments.values()) states.push(...entry.runs.values());
		// Runs of the last start not looked at this time are still valid for the next.
		for (const state of this.warm?.values() ?? []) states.push(state);
		this.cache.save(states);
	}

	async close(): Promise<void> {
		await this.feed?.close();
		this.saveCache();
	}
}
