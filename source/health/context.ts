// What every health check can look at. The expensive facts (reading the whole store,
// asking MLflow its version) are computed once, on first use, and shared.

import {FileStore} from '../store/file/file-store.js';
import {chooseStore, type StoreChoice} from '../store/resolve-store.js';
import {locateMlflow, mlflowVersion} from '../webui/find-mlflow.js';
import {takeInventory, type Inventory} from './inventory.js';
import type {MlflowFacts} from './types.js';

export interface HealthOptions {
	/** --store as given (path or file: URI); else MLFLOW_TRACKING_URI, else ./mlruns. */
	store?: string;
	/** --mlflow: the executable or environment folder to use. */
	mlflow?: string;
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** The port `mlwatch ui` starts from. */
	port?: number;
	now?: number;
}

export interface HealthContext {
	readonly options: HealthOptions;
	readonly env: NodeJS.ProcessEnv;
	readonly cwd: string;
	readonly now: number;
	/** The store mlwatch would show, or why there is none. */
	readonly choice: StoreChoice | undefined;
	readonly storeError: string | undefined;
	readonly store: FileStore | undefined;
	mlflow(): Promise<MlflowFacts>;
	/** Undefined when there is no store to read. */
	inventory(): Promise<Inventory | undefined>;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
	let value: Promise<T> | undefined;
	return () => (value ??= make());
}

async function findMlflow(options: HealthOptions): Promise<MlflowFacts> {
	const location = locateMlflow(options.mlflow, options.env, options.cwd);
	if (!location.found) {
		return {installed: false, version: null, path: null, source: null, error: `looked at ${location.looked.join('; ')}`};
	}
	const version = await mlflowVersion(location.path);
	if ('error' in version) return {installed: false, version: null, path: location.path, source: location.source, error: version.error};
	return {installed: true, version: version.version, path: location.path, source: location.source};
}

export function createHealthContext(options: HealthOptions): HealthContext {
	let choice: StoreChoice | undefined;
	let storeError: string | undefined;
	try {
		choice = chooseStore(options.store, options.env, options.cwd);
	} catch (error) {
		storeError = (error as Error).message;
	}
	const store = choice ? new FileStore(choice.root) : undefined;
	return {
		options,
		env: options.env,
		cwd: options.cwd,
		now: options.now ?? Date.now(),
		choice,
		storeError,
		store,
		mlflow: once(() => findMlflow(options)),
		inventory: once(async () => (store ? takeInventory(store) : undefined)),
	};
}
