// What every health check can look at. The expensive facts (reading the whole store,
// asking MLflow its version) are computed once, on first use, and shared. The store is
// the one mlwatch shows: opened here for `mlwatch status`, handed over by the TUI.

import {chooseStore, type StoreChoice} from '../store/choose-store.js';
import type {StoreDescription, TrackingStore} from '../store/contract.js';
import {openStore} from '../store/registry.js';
import {locateMlflow, mlflowVersion} from '../webui/find-mlflow.js';
import {takeInventory, type Inventory} from './inventory.js';
import type {MlflowFacts} from './types.js';

export interface HealthOptions {
	/** --store as given (path or URI); else MLFLOW_TRACKING_URI, else MLflow's default. */
	store?: string;
	/** A store already open (the TUI's), and how it was chosen. */
	opened?: {store: TrackingStore; choice?: StoreChoice};
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
	/** How the store was chosen, when mlwatch chose it. */
	readonly choice: StoreChoice | undefined;
	/** Why there is no store, when there is none. */
	readonly storeError: string | undefined;
	readonly store: TrackingStore | undefined;
	readonly description: StoreDescription | undefined;
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

export async function createHealthContext(options: HealthOptions): Promise<HealthContext> {
	let choice = options.opened?.choice;
	let store = options.opened?.store;
	let storeError: string | undefined;
	if (!store) {
		try {
			choice = chooseStore(options.store, options.env, options.cwd);
			store = await openStore(choice.spec, {env: options.env, cwd: options.cwd});
		} catch (error) {
			storeError = (error as Error).message;
		}
	}
	return {
		options,
		env: options.env,
		cwd: options.cwd,
		now: options.now ?? Date.now(),
		choice,
		storeError,
		store,
		description: store?.description,
		mlflow: once(() => findMlflow(options)),
		inventory: once(async () => (store ? takeInventory(store) : undefined)),
	};
}
