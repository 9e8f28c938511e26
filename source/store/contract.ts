// The one contract every backend implements (the file store today; SQLite and tracking
// servers next), shaped like MLflow's AbstractStore: paged search with MLflow's filter and
// order-by semantics, metric summaries and bounded histories asked for separately, and a
// change feed in store terms. Nothing above the store layer knows where data lives.
// A backend registers its URI scheme in registry.ts and passes test/store/contract/.

import type {
	ArtifactListing,
	Experiment,
	LoggedModel,
	Metric,
	MetricSummary,
	Problem,
	RegisteredModel,
	Run,
	TraceSummary,
	ViewType,
} from './types.js';

export type StoreKind = 'file' | 'sqlite' | 'rest';

export interface StoreDescription {
	kind: StoreKind;
	/** The store as a URI MLflow accepts (file:///…, sqlite:////…, http://host:port); never with credentials. */
	uri: string;
	/** Short, for headers and messages: a path with ~ for home, or host:port/prefix. */
	label: string;
	/**
	 * The folder or file holding the data, for kinds that live on this machine's disk. Only
	 * checks about that disk (free space, network file systems, watch limits) look at it.
	 */
	localPath?: string;
}

/** MLflow's SEARCH_MAX_RESULTS_DEFAULT and SEARCH_MAX_RESULTS_THRESHOLD. */
export const DEFAULT_MAX_RESULTS = 1000;
export const MAX_RESULTS_LIMIT = 50_000;

export interface RunSearch {
	experimentIds: readonly string[];
	/** MLflow's filter grammar; a bad filter rejects with SearchSyntaxError before anything is read. */
	filter?: string;
	/** MLflow's order_by clauses; default `start_time DESC, run_id ASC`. */
	orderBy?: readonly string[];
	/** Default ACTIVE_ONLY. */
	view?: ViewType;
	/** Default 1000, at most 50,000. */
	maxResults?: number;
	/** From the previous page; opaque. */
	pageToken?: string;
}

export interface RunPage {
	/** Each with its latest value per metric, as MLflow's search returns them. */
	runs: Run[];
	/** Absent on the last page. */
	nextPageToken?: string;
}

export interface ExperimentSearch {
	view?: ViewType;
	maxResults?: number;
	pageToken?: string;
}

export interface ExperimentPage {
	/** MLflow's default order: newest creation first, then id. */
	experiments: Experiment[];
	nextPageToken?: string;
}

export interface HistoryOptions {
	/**
	 * At most about this many points per run, for charts: downsampled so that every local
	 * minimum and maximum survives (a backend that cannot, says so in `sampled`). All when absent.
	 */
	maxPoints?: number;
}

export interface HistoryAnswer {
	/** Per run id, in step order for downsampled answers, logged order otherwise. */
	histories: Record<string, Metric[]>;
	/** Per run id: how many points the full history holds. */
	totals: Record<string, number>;
	/** Runs whose points were picked from a sample of the history (peaks between samples may be missing); their totals are the points seen. */
	sampled?: string[];
}

/** Run id → metric key → summary. Runs or keys without points are absent. */
export type SummaryAnswer = Record<string, Record<string, MetricSummary>>;

export interface ArtifactContent {
	/** The first bytes of the file, at most the `maxBytes` asked for. */
	bytes: Uint8Array;
	/** The file's full size. */
	size: number;
	truncated: boolean;
}

/** What changed, in store terms. Consumers re-ask what they show when it concerns them. */
export interface StoreChange {
	/** The list of experiments (or an experiment's name, stage or tags) changed. */
	experiments: boolean;
	/** Experiments that gained or lost runs, or whose runs may all have changed. */
	experimentRuns: string[];
	/** Runs that changed; `metrics` names the keys with new points when known. */
	runs: Array<{experimentId: string; runId: string; metrics?: string[]}>;
	/** The model registry changed. */
	models: boolean;
	/** Anything may have changed (a re-read was asked for, or the follower lost track). */
	everything: boolean;
}

export interface ChangeFeed {
	/** 'watch' (the backend hears of writes), 'poll' (it looks on a timer), 'none'. */
	readonly mode: 'watch' | 'poll' | 'none';
	/** Shown on screen when set, e.g. "the watch limit is reached; polling every 2 s". */
	readonly warning?: string;
	subscribe(listener: (change: StoreChange) => void): () => void;
	/** Resolves once changes are being followed (watches in place, first poll taken). */
	ready(): Promise<void>;
	close(): Promise<void>;
}

/** Per experiment: what the experiments list shows beside each name. */
export interface RunCounts {
	/** Active runs. */
	active: number;
	/** Active runs that say RUNNING. */
	running: number;
	/** Newest start or end time of its runs, or newest point logged by a running one (ms). */
	lastActivity?: number;
}

/** Facts about the store for the health screen; each backend fills what it knows. */
export interface StoreAbout {
	/** SQLite: the schema revision found (alembic_version). */
	schemaRevision?: string;
	/** Tracking server: what /version answers. */
	serverVersion?: string;
	/** Tracking server: one round trip, in ms. */
	roundTripMs?: number;
	/** Tracking server: whether the credentials given were accepted (undefined: none needed). */
	authenticated?: boolean;
	/** What stands in the way of reading the store, in plain words. */
	error?: string;
	/** Folders MLflow's own server creates in the store when it opens it (file stores). */
	mlflowServerCreates?: string[];
}

export interface FollowOptions {
	/** Poll every this many ms instead of watching (file stores on NFS, say). */
	pollMs?: number;
}

export interface TrackingStore {
	readonly description: StoreDescription;

	searchExperiments(query?: ExperimentSearch): Promise<ExperimentPage>;
	getExperiment(experimentId: string): Promise<Experiment | undefined>;

	/** One page of runs, filtered and ordered with MLflow's semantics. */
	searchRuns(query: RunSearch): Promise<RunPage>;
	getRun(runId: string): Promise<Run | undefined>;
	/** Run counts for the experiments list, without reading the runs' data. */
	countRuns(experimentIds: readonly string[]): Promise<Record<string, RunCounts>>;

	/** Latest, min, max, count and a sample that keeps extremes, for the runs and keys asked (all keys when `keys` is absent). Cheap to ask again. */
	getMetricSummaries(runIds: readonly string[], keys?: readonly string[]): Promise<SummaryAnswer>;
	/** One metric's history for each run. */
	getMetricHistories(runIds: readonly string[], key: string, options?: HistoryOptions): Promise<HistoryAnswer>;

	listArtifacts(runId: string, path?: string): Promise<ArtifactListing | undefined>;
	/** The start of one artifact file, for previews; undefined when it cannot be read here. */
	readArtifact(runId: string, path: string, maxBytes: number): Promise<ArtifactContent | undefined>;
	searchLoggedModels(experimentIds: readonly string[]): Promise<LoggedModel[]>;
	/** Every registered model with its versions. */
	searchRegisteredModels(): Promise<RegisteredModel[]>;
	getTraceSummary(experimentId: string): Promise<TraceSummary>;

	/** What the health screen shows about this kind of store. */
	about(): Promise<StoreAbout>;

	/** Starts following the store; one feed per store. */
	follow(options?: FollowOptions): ChangeFeed;
	/** Forget what was cached: the next reads go back to the data (the r key). */
	refresh(): void;
	/** What could not be read so far, deduplicated; each names where and why. */
	problems(): Problem[];
	close(): Promise<void>;
}
