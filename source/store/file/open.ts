// Opens a file store from a path or file: URI (already checked by choose-store.ts).

import {resolve} from 'node:path';
import type {TrackingStore} from '../contract.js';
import {pathOfFileUri} from '../file-uri.js';
import type {OpenContext} from '../registry.js';
import {cacheFolder} from './disk-cache.js';
import {FileStore} from './file-store.js';

export async function openFileStore(spec: string, context: OpenContext): Promise<TrackingStore> {
	const noCache = context.noCache || context.env['MLWATCH_NO_CACHE'] === '1';
	return new FileStore(resolve(context.cwd, pathOfFileUri(spec)), noCache ? {} : {cacheFolder: cacheFolder(context.env)});
}
