// What MLflow's server creates inside a file store when it opens it: mlwatch never
// writes there, so people are told before the server starts.

import {existsSync} from 'node:fs';
import {join} from 'node:path';

/** The folders MLflow's FileStore and registry store make when missing. */
export function foldersMlflowWillCreate(storeRoot: string): string[] {
	return ['.trash', 'models'].filter((name) => !existsSync(join(storeRoot, name))).map((name) => `${name}/`);
}

export function storeWritesNotice(storeRoot: string): string | undefined {
	const folders = foldersMlflowWillCreate(storeRoot);
	if (folders.length === 0) return undefined;
	return `MLflow's server creates ${folders.join(' and ')} in ${storeRoot} when it opens the store (empty folders; mlwatch itself never writes there).`;
}

export function exposedHostWarning(host: string, port: number): string {
	return `--host ${host} makes the web UI reachable from other machines on port ${port}, and MLflow has no authentication by default: anyone who reaches it can read, change and delete runs in this store.`;
}
