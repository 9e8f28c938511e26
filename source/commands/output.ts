// Shared output helpers for the headless commands: JSON in MLflow's wire spelling,
// the problems count on stderr, and the store from the flags.

import type {TrackingStore} from '../store/backend.js';
import {openStore} from '../store/resolve-store.js';
import type {Problem} from '../store/types.js';
import {wireJson} from '../store/wire-json.js';
import {escapeJsonForTerminal, sanitizeLine} from '../text/sanitize.js';
import type {CommandInput} from './command.js';

export function storeFor(input: CommandInput): TrackingStore {
	return openStore(input.flags.store, input.env, input.cwd);
}

export function printJson(input: CommandInput, value: unknown): void {
	input.stdout.write(escapeJsonForTerminal(wireJson(value)) + '\n');
}

/** A count on stderr (the list itself is in the JSON, or shown with --problems). */
export function reportProblems(input: CommandInput, problems: Problem[]): void {
	if (problems.length === 0) return;
	const noun = problems.length === 1 ? 'problem' : 'problems';
	if (input.flags.problems && !input.flags.json) {
		input.stderr.write(`mlwatch: ${problems.length} ${noun} in the store:\n`);
		for (const problem of problems) {
			input.stderr.write(`  ${sanitizeLine(problem.path)}: ${sanitizeLine(problem.reason)}${problem.effect ? ` (${problem.effect})` : ''}\n`);
		}
		return;
	}
	const where = input.flags.json ? 'listed under "problems" in the JSON' : 'add --problems to list them';
	input.stderr.write(`mlwatch: ${problems.length} ${noun} in the store (${where})\n`);
}

export function terminalWidth(input: CommandInput): number | undefined {
	return input.stdout.isTTY ? input.stdout.columns : undefined;
}
