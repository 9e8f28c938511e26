// The store is there, readable, and holds experiments.

import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import {sanitizeLine} from '../../text/sanitize.js';
import {shellQuote} from '../shell-quote.js';
import type {HealthCheck} from '../types.js';

export const storeReadable: HealthCheck = {
	id: 'store',
	title: 'Store readable',
	async run(context) {
		if (!context.choice || !context.store) {
			// The resolver's message ends with its own advice, which the fix replaces.
			const [first = 'no store', ...looked] = (context.storeError ?? '').split('\n').map((line) => line.trim());
			const details = looked.length > 1 ? ` ${looked.slice(0, -1).join('; ')}` : '';
			return {status: 'fail', message: sanitizeLine(first + details), fix: 'point mlwatch at the folder holding mlruns with --store PATH, or set MLFLOW_TRACKING_URI'};
		}
		const root = context.choice.root;
		try {
			await access(root, constants.R_OK | constants.X_OK);
		} catch (error) {
			return {status: 'fail', message: `cannot read ${sanitizeLine(root)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, fix: `check the folder's permissions: ls -ld ${shellQuote(root)}`};
		}
		const inventory = await context.inventory();
		const counts = inventory!.counts;
		if (counts.experiments + counts.deleted_experiments === 0) {
			return {status: 'warn', message: `${sanitizeLine(root)} holds no experiment`, fix: 'check the path: the store is the folder with numbered experiment folders (0/, 1234…/) in it'};
		}
		return {status: 'ok', message: `${sanitizeLine(root)} (file store, chosen by ${context.choice.source})`, fix: ''};
	},
};
