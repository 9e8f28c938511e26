// What people are told before MLflow's own server starts on their store: what it will
// create there (mlwatch itself never writes into a store), and the risk of exposing it.

import type {StoreAbout, StoreDescription} from '../store/contract.js';

export function storeWritesNotice(description: StoreDescription, about: StoreAbout): string | undefined {
	const folders = about.mlflowServerCreates ?? [];
	if (folders.length === 0) return undefined;
	return `MLflow's server creates ${folders.join(' and ')} in ${description.label} when it opens the store (empty folders; mlwatch itself never writes there).`;
}

export function exposedHostWarning(host: string, port: number): string {
	return `--host ${host} makes the web UI reachable from other machines on port ${port}, and MLflow has no authentication by default: anyone who reaches it can read, change and delete runs in this store.`;
}
