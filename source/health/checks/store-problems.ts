// What the reader found wrong while reading everything (bad lines, missing meta.yaml...).

import {sanitizeLine} from '../../text/sanitize.js';
import {shellQuote} from '../shell-quote.js';
import type {HealthCheck} from '../types.js';

export const storeProblems: HealthCheck = {
	id: 'problems',
	title: 'Store problems',
	async run(context) {
		if (!context.store) return {status: 'ok', message: 'no store to read', fix: ''};
		await context.inventory();
		const problems = context.store.problems();
		if (problems.length === 0) return {status: 'ok', message: 'every file read cleanly', fix: ''};
		const first = problems[0]!;
		const root = context.description?.localPath ? context.description.localPath + '/' : undefined;
		const where = root && first.path.startsWith(root) ? first.path.slice(root.length) : first.path;
		const noun = problems.length === 1 ? 'problem' : 'problems';
		return {
			status: 'warn',
			message: `${problems.length} ${noun}, e.g. ${sanitizeLine(where)}: ${sanitizeLine(first.reason)}${first.effect ? ` (${sanitizeLine(first.effect)})` : ''}`,
			fix: `list them all: mlwatch runs --all --problems --store ${shellQuote(context.description?.localPath ?? context.store.description.uri)}`,
		};
	},
};
