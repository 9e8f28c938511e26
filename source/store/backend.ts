// The one abstract store every backend implements (file store today; SQLite and a
// tracking server later), in the spirit of MLflow's AbstractStore. Nothing here knows
// about Ink, the watcher or the command line.

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

/** A run with what the TUI needs beside MLflow's own shape. */
export interface RunRecord {
	run: Run;
	/** Per metric key: latest, min, max, count and a thinned sample for sparklines. */
	summaries: Record<string, MetricSummary>;
	/** Newest moment the run recorded (ms since epoch): start, end, metric timestamps. */
	lastWrite: number;
}

export interface StoreDescription {
	kind: 'file' | 'sqlite' | 'rest';
	/** What the user named (path or URI), normalised to a URI MLflow would accept. */
	uri: string;
	/** Local root directory for file stores. */
	root?: string;
}

export interface TrackingStore {
	readonly description: StoreDescription;

	listExperiments(view?: ViewType): Promise<Experiment[]>;
	getExperiment(experimentId: string): Promise<Experiment | undefined>;

	/** Every run of the experiment in the view, with metric summaries but no full histories. */
	listRuns(experimentId: string, view?: ViewType): Promise<RunRecord[]>;
	getRun(runId: string): Promise<RunRecord | undefined>;
	getMetricHistory(runId: string, key: string): Promise<Metric[]>;

	listArtifacts(runId: string, path?: string): Promise<ArtifactListing | undefined>;
	listLoggedModels(experimentId: string): Promise<LoggedModel[]>;
	listRegisteredModels(): Promise<RegisteredModel[]>;
	getTraceSummary(experimentId: string): Promise<TraceSummary>;

	/** Problems found by the reads so far (deduplicated by path and reason). */
	problems(): Problem[];
}
