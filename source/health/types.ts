// The shapes of the health check: one check is a small module listed in checks/index.ts;
// the report is what `mlwatch status --json` prints and the health screen shows.

import type {StoreKind} from '../store/contract.js';
import type {HealthContext} from './context.js';

/** `skip`: the check is about another kind of store (a file system check on a server, say). */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckOutcome {
	status: CheckStatus;
	/** One line saying what was found. */
	message: string;
	/** One line saying what to do about it; empty when nothing needs doing. */
	fix: string;
}

export interface HealthCheck {
	id: string;
	/** Short label for the checklist. */
	title: string;
	/** The kinds of store it is about; shown as skipped for the others. All when absent. */
	kinds?: readonly StoreKind[];
	run(context: HealthContext): Promise<CheckOutcome>;
}

export interface CheckResult extends CheckOutcome {
	id: string;
	title: string;
}

export interface StoreCounts {
	/** Active experiments. */
	experiments: number;
	/** Active runs in active experiments: what MLflow's UI lists. */
	runs: number;
	deleted_experiments: number;
	/** Deleted runs in active experiments. */
	deleted_runs: number;
	/** Runs of any stage inside deleted experiments. */
	runs_in_deleted_experiments: number;
	/** Active runs per status (FINISHED, FAILED, RUNNING, ...). */
	runs_by_status: Record<string, number>;
}

export interface MlflowFacts {
	installed: boolean;
	version: string | null;
	path: string | null;
	/** Where it was found: --mlflow, VIRTUAL_ENV, CONDA_PREFIX or PATH. */
	source: string | null;
	/** Why it was not found, or why its version could not be read. */
	error?: string;
}

export interface StoreFacts {
	/** Where it is: a folder or file on this machine, or the server's URL. */
	path: string;
	uri: string;
	kind: StoreKind;
	/** How mlwatch chose it: --store, MLFLOW_TRACKING_URI or MLflow's default. */
	chosen_by: string;
	/** Why that store, in words. */
	reason?: string;
}

export interface HealthReport {
	/** False when any check failed. */
	ok: boolean;
	checked_at: string;
	store: StoreFacts | null;
	mlflow: MlflowFacts;
	counts: StoreCounts;
	/** Metric and param keys logged by active runs, sorted. */
	metrics: string[];
	params: string[];
	/** Newest write in the store (ISO 8601), or null when it holds no run. */
	last_activity: string | null;
	checks: CheckResult[];
	summary: Record<CheckStatus, number>;
}
