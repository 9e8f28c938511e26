// Opens a file store from a path or file: URI (already checked by choose-store.ts).

import {resolve} from 'node:path';
import type {TrackingStore} from '../contract.js';
import {pathOfFileUri} from '../file-uri.js';
import type {OpenContext} from '../registry.js';
import {FileStore} from './file-store.js';

export async function openFileStore(spec: string, context: OpenContext): Promise<TrackingStore> {
	return new FileStore(resolve(context.cwd, pathOfFileUri(spec)));
}
