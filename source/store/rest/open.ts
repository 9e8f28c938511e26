// Placeholder until the tracking-server backend lands (issue 9).

import type {TrackingStore} from '../contract.js';
import {StoreError, type OpenContext} from '../registry.js';

export async function openRestStore(spec: string, _context: OpenContext): Promise<TrackingStore> {
	throw new StoreError(`${spec} is a tracking server; mlwatch cannot read tracking servers yet.`);
}
