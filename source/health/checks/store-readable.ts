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
		if (!context.store) {
			// The resolver's message ends with its own advice, which the fix replaces.
			const [first = 'no store', ...looked] = (context.storeError ?? '').split('\n').map((line) => line.trim());
			const details = looked.length > 1 ? ` ${looked.slice(0, -1).join('; ')}` : '';
			return {status: 'fail', message: sanitizeLine(first + details), fix: 'point mlwatch at the folder holding mlruns with --store PATH, or set MLFLOW_TRACKING_URI'};
		}
		const description = context.store.description;
		const where = description.localPath;
		if (where !== undefined) {
			try {
				await access(where, constants.R_OK);
			} catch (error) {
				return {status: 'fail', message: `cannot read ${sanitizeLine(where)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, fix: `check its permissions: ls -ld ${shellQuote(where)}`};
			}
		}
		const about = await context.store.about();
		if (about.error) return {status: 'fail', message: sanitizeLine(about.error), fix: ''};
		const inventory = await context.inventory();
		const counts = inventory!.counts;
		const shown = sanitizeLine(description.label);
		if (counts.experiments + counts.deleted_experiments === 0) {
			return {status: 'warn', message: `${shown} holds no experiment`, fix: description.kind === 'file' ? 'check the path: the store is the folder with numbered experiment folders (0/, 1234…/) in it' : 'check that this is the store your runs log to'};
		}
		const kind = {file: 'file store', sqlite: 'SQLite store', rest: 'tracking server'}[description.kind];
		const why = context.choice ? `, chosen by ${context.choice.source}: ${context.choice.reason}` : '';
		return {status: 'ok', message: `${shown} (${kind}${why})`, fix: ''};
	},
};
