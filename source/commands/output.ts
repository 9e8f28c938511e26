// Shared output helpers for the headless commands: JSON in MLflow's wire spelling,
// the problems count on stderr, and the store from the flags.

import {chooseStore} from '../store/choose-store.js';
import type {TrackingStore} from '../store/contract.js';
import {openStore} from '../store/registry.js';
import type {Problem} from '../store/types.js';
import {toWire, wireJson} from '../store/wire-json.js';
import {escapeJsonForTerminal, sanitizeLine} from '../text/sanitize.js';
import {renderTable, type Column} from '../text/text-table.js';
import {UsageError, type CommandInput} from './command.js';

/** The store the flags name (or MLflow's default one), opened. */
export async function storeFor(input: CommandInput): Promise<TrackingStore> {
	const choice = chooseStore(input.flags.store, input.env, input.cwd);
	const store = await openStore(choice.spec, {env: input.env, cwd: input.cwd, noCache: Boolean(input.flags['noCache'])});
	// Closed when the command is done (a file store then keeps what it read for next time).
	process.once('beforeExit', () => void store.close());
	return store;
}

export function printJson(input: CommandInput, value: unknown): void {
	input.stdout.write(escapeJsonForTerminal(wireJson(value)) + '\n');
}

/** Waits until stdout has room again, so a big answer is never all in memory at once. */
function written(input: CommandInput, text: string): Promise<void> | undefined {
	if (input.stdout.write(text)) return undefined;
	return new Promise((resolve) => {
		const done = () => {
			input.stdout.off('drain', done);
			input.stdout.off('close', done);
			input.stdout.off('error', done);
			resolve();
		};
		input.stdout.once('drain', done);
		input.stdout.once('close', done);
		input.stdout.once('error', done);
	});
}

/**
 * `{"<key>": [items...], ...rest}` written page by page, exactly as printJson would write
 * the whole (an empty list is omitted, as in MLflow's JSON). `rest` is asked for after
 * the last page, so it can hold what reading the pages found (problems, say).
 */
export async function streamJson(input: CommandInput, key: string, pages: AsyncIterable<readonly unknown[]>, rest: () => Record<string, unknown>): Promise<void> {
	let opened = false;
	const head = `{\n  ${JSON.stringify(key)}: [\n`;
	const end = '\n  ]\n}';
	for await (const page of pages) {
		if (page.length === 0) continue;
		// The page as the whole answer would print it, cut out of one stringify: re-indenting
		// each item's text line by line cost more than everything else together.
		const text = escapeJsonForTerminal(JSON.stringify({[key]: page.map(toWire)}, null, 2));
		await written(input, (opened ? ',\n' : head) + text.slice(head.length, text.length - end.length));
		opened = true;
	}
	const tail = escapeJsonForTerminal(wireJson(rest()));
	if (!opened) {
		await written(input, tail + '\n');
		return;
	}
	const fields = tail === '{}' ? '' : ',\n' + tail.slice(2, -2);
	await written(input, `\n  ]${fields}\n}\n`);
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

/** The width a table must fit: the terminal's, unless piped or --wide. */
export function terminalWidth(input: CommandInput): number | undefined {
	return input.stdout.isTTY && !input.flags.wide ? input.stdout.columns : undefined;
}

/** A table for people, fitted to the terminal, with a note on stderr naming what it left out. */
export function printTable(input: CommandInput, columns: Column[], rows: string[][]): void {
	const width = terminalWidth(input);
	const table = renderTable(columns, rows, width);
	input.stdout.write(table.text + '\n');
	if (table.hidden.length > 0) input.stderr.write(`mlwatch: left out to fit ${width} columns: ${table.hidden.map(sanitizeLine).join(', ')} (--wide shows every column)\n`);
}

/** --json and --csv are two answers to one question: only one may be asked. */
export function checkOneFormat(input: CommandInput): void {
	if (input.flags.json && input.flags.csv) throw new UsageError('choose one of --json and --csv');
}
