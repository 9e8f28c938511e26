// Entities in the shapes of MLflow's REST API (protobuf JSON with original field names).
// One shape per entity: the TUI, the watcher and the headless JSON all use these.
// Numbers stay JS numbers here (NaN, ±Infinity included); `json.ts` turns them into
// MLflow's wire spelling when printing. Ids are always strings: 18-digit experiment ids
// do not fit a JS number.

export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
export type LifecycleStage = 'active' | 'deleted';
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface KeyValue {
	key: string;
	value: string;
}

export interface Metric {
	key: string;
	value: number;
	timestamp: number;
	step: number;
	/** 3.x: set when the point was logged against a dataset (5-field line). */
	dataset_name?: string;
	dataset_digest?: string;
	/** Logged-model metric files carry the run that logged the point (4/6-field line). */
	run_id?: string;
}

export interface Experiment {
	experiment_id: string;
	name: string;
	artifact_location: string;
	lifecycle_stage: LifecycleStage;
	last_update_time?: number;
	creation_time?: number;
	tags: KeyValue[];
	/** MLflow 3.10+ writes `workspace: default` into experiment meta.yaml and reports it. */
	workspace?: string;
}

export interface RunInfo {
	run_uuid: string;
	run_id: string;
	/** Absent for 1.x runs that never had a name. */
	run_name?: string;
	experiment_id: string;
	user_id: string;
	status: RunStatus;
	start_time?: number;
	end_time?: number;
	artifact_uri?: string;
	lifecycle_stage: LifecycleStage;
}

export interface RunData {
	/** Latest value per key, by MLflow's rule (max of step, timestamp, value). */
	metrics: Metric[];
	params: KeyValue[];
	tags: KeyValue[];
}

export interface Dataset {
	name: string;
	digest: string;
	source_type: string;
	source: string;
	schema?: string;
	profile?: string;
}

export interface DatasetInput {
	tags: KeyValue[];
	dataset: Dataset;
}

export interface ModelInput {
	model_id: string;
}

export interface ModelOutput {
	model_id: string;
	step: number;
}

export interface RunInputs {
	dataset_inputs: DatasetInput[];
	model_inputs: ModelInput[];
}

export interface RunOutputs {
	model_outputs: ModelOutput[];
}

export interface Run {
	info: RunInfo;
	data: RunData;
	inputs: RunInputs;
	outputs: RunOutputs;
}

/** What a table or sparkline needs of one metric, without keeping its whole history. */
export interface MetricSummary {
	key: string;
	latest: Metric;
	/** Over finite values only; undefined when the history has none. */
	min?: number;
	max?: number;
	count: number;
	minStep: number;
	maxStep: number;
	firstTimestamp: number;
	lastTimestamp: number;
	/** A bounded, evenly thinned sample of the history in file order, for sparklines. */
	sample: number[];
	/** Any NaN or infinite value in the history. */
	nonFinite: boolean;
	/**
	 * Made from a sample of the history (a tracking server cannot summarise without sending
	 * it all): count is the points seen, min, max and nonFinite those of the sample.
	 */
	sampled?: boolean;
}

export type LoggedModelStatus =
	| 'LOGGED_MODEL_STATUS_UNSPECIFIED'
	| 'LOGGED_MODEL_PENDING'
	| 'LOGGED_MODEL_READY'
	| 'LOGGED_MODEL_UPLOAD_FAILED';

export interface LoggedModel {
	info: {
		model_id: string;
		experiment_id: string;
		name: string;
		creation_timestamp_ms?: number;
		last_updated_timestamp_ms?: number;
		artifact_uri: string;
		status: LoggedModelStatus;
		status_message?: string;
		model_type?: string;
		source_run_id?: string;
		lifecycle_stage: LifecycleStage;
		tags: KeyValue[];
	};
	data: {
		params: KeyValue[];
		metrics: Metric[];
	};
}

export interface ModelVersion {
	name: string;
	version: string;
	creation_timestamp?: number;
	last_updated_timestamp?: number;
	user_id?: string;
	current_stage: string;
	description?: string;
	source?: string;
	run_id?: string;
	run_link?: string;
	status: string;
	status_message?: string;
	tags: KeyValue[];
	aliases: string[];
}

export interface RegisteredModel {
	name: string;
	creation_timestamp?: number;
	last_updated_timestamp?: number;
	description?: string;
	/** The newest version in each stage, as MLflow reports it. */
	latest_versions: ModelVersion[];
	tags: KeyValue[];
	aliases: Array<{alias: string; version: string}>;
	/** Every live version (not part of MLflow's RegisteredModel; used by `mlwatch models`). */
	versions: ModelVersion[];
}

export interface TraceSummary {
	total: number;
	/** Count per state (OK, ERROR, IN_PROGRESS, ...), V2 `status` and V3 `state` alike. */
	byState: Record<string, number>;
}

export interface ArtifactEntry {
	path: string;
	is_dir: boolean;
	file_size?: number;
}

export interface ArtifactListing {
	/** The artifact root as recorded by MLflow. */
	root_uri: string;
	/** Where mlwatch actually found it on this machine, if anywhere. */
	local_path?: string;
	/** True when the recorded path did not exist and the root was re-based onto the store. */
	rebased: boolean;
	files: ArtifactEntry[];
}

/** Something wrong in the store, reported instead of failing. */
export interface Problem {
	path: string;
	reason: string;
	/** What mlwatch did about it, e.g. "run skipped", "line ignored". */
	effect?: string;
}
