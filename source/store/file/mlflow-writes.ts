// What MLflow's own server creates inside a file store when it opens it (mlwatch never
// writes there, so people are told before the web UI starts).

import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {REGISTRY_FOLDER, TRASH_FOLDER} from './layout.js';

/** The folders MLflow's FileStore and registry store make when missing. */
export function foldersMlflowWillCreate(storeRoot: string): string[] {
	return [TRASH_FOLDER, REGISTRY_FOLDER].filter((name) => !existsSync(join(storeRoot, name))).map((name) => `${name}/`);
}
