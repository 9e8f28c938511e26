#!/usr/bin/env node
// Entry point: the command line → a headless command or the terminal UI. Each command
// declares its arguments and flags (commands/*.ts); this file places the arguments,
// answers --help and --version, and turns errors into messages and exit codes.

import {existsSync} from 'node:fs';
import {resolve} from 'node:path';
import {askedForVersion, firstPositional, packageVersion, parseLine} from './cli-flags.js';
import {UsageError, usageOf, type Command, type Flags} from './commands/command.js';

// A closed pipe (`mlwatch runs --json | head`) is the reader saying it has read enough:
// end quietly and successfully, as `git log | head` does.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(0);
		throw error;
	});
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;
const RUN_ID_LIKE = /^[0-9a-f]{4,32}$/i;

/**
 * Whether an argument names a store rather than a run id: a URI or something shaped
 * like a path, or an existing folder or file, unless it looks like a run id (inside an
 * experiment folder, the run folders beside you are run ids).
 */
function namesStore(arg: string, cwd: string): boolean {
	if (SCHEME.test(arg) && !WINDOWS_DRIVE.test(arg)) return true;
	if (/[\\/]/.test(arg) || arg === '.' || arg === '..' || arg.startsWith('~')) return true;
	return existsSync(resolve(cwd, arg)) && !RUN_ID_LIKE.test(arg);
}

/** The store given first goes to flags.store; what is left must fit the command's arguments. */
function placeArguments(command: Command, positionals: string[], flags: Flags, cwd: string): string[] {
	const required = command.args.filter((arg) => !arg.startsWith('['));
	const most = command.args.length;
	let args = positionals;
	const first = args[0];
	if (command.takesStore && first !== undefined && (args.length > most || (required.length > 0 && namesStore(first, cwd)))) {
		if (flags.store !== undefined) throw new UsageError(`the store is given twice: '${first}' and --store ${flags.store}; give it once`);
		flags.store = first;
		args = args.slice(1);
	}
	const name = command.name ? `mlwatch ${command.name}` : 'mlwatch';
	if (args.length > most) {
		const takes = command.takesStore ? ['a store', ...command.args] : command.args;
		throw new UsageError(`'${name}' takes ${takes.length === 0 ? 'no arguments' : takes.join(', ')}; '${args[most]}' is one too many. Usage: ${usageOf(command)}`);
	}
	if (args.length < required.length) throw new UsageError(`'${name}' needs ${required.slice(args.length).join(' and ')}. Usage: ${usageOf(command)}`);
	return args;
}

async function main(): Promise<number> {
	const argv = process.argv.slice(2);
	const end = argv.indexOf('--');
	const before = end < 0 ? argv : argv.slice(0, end);
	// Asked for the version or help, mlwatch answers whatever else is on the line (bin.ts
	// answers --version before this file is even loaded).
	if (askedForVersion(argv)) {
		process.stdout.write(`${packageVersion()}\n`);
		return 0;
	}
	const {commands, commandsTaking, findCommand, tuiCommand} = await import('./commands/index.js');
	const at = firstPositional(argv);
	const named = at >= 0 ? findCommand(argv[at]) : undefined;
	const command = named ?? tuiCommand;
	const rest = named ? [...argv.slice(0, at), ...argv.slice(at + 1)] : argv;
	if (before.some((arg) => arg === '-h' || arg === '--help')) {
		const {commandHelp, globalHelp} = await import('./commands/help.js');
		const width = process.stdout.isTTY ? Math.min(process.stdout.columns || 100, 120) : 100;
		process.stdout.write(named ? commandHelp(named, width) : globalHelp(width));
		return 0;
	}
	const {positionals, flags} = parseLine(rest, command.flags, {command: command.name, owners: commandsTaking});
	const cwd = process.cwd();
	if (!named && positionals.length > 0) {
		const [first] = positionals as [string];
		const near = commands.map((candidate) => candidate.name).filter((name) => name.startsWith(first.slice(0, 3)) || first.startsWith(name));
		const hint = near.length > 0 ? ` Did you mean ${near.map((name) => `'mlwatch ${name}'`).join(' or ')}?` : " Run 'mlwatch --help' for the commands.";
		if (positionals.length > 1) throw new UsageError(`unknown command '${first}'.${hint}`);
		// The terminal UI takes no run id, so any existing folder is a store here.
		if (!namesStore(first, cwd) && !existsSync(resolve(cwd, first))) throw new UsageError(`'${first}' is neither a command nor a store folder.${hint}`);
	}
	const args = placeArguments(command, positionals, flags as Flags, cwd);
	return command.run({args, flags: flags as Flags, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd});
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	async (error: unknown) => {
		const [{InvalidQueryError}, {LookupError}, {StoreError}, {SearchSyntaxError}] = await Promise.all([import('./store/page-token.js'), import('./store/queries.js'), import('./store/registry.js'), import('./store/search/index.js')]);
		if (error instanceof SearchSyntaxError) {
			process.stderr.write(`mlwatch: ${error.message}\n${error.pointer()}\n`);
			process.exitCode = 2;
		} else if (error instanceof UsageError || error instanceof StoreError || error instanceof LookupError || error instanceof InvalidQueryError) {
			process.stderr.write(`mlwatch: ${error.message}\n`);
			process.exitCode = error instanceof UsageError ? 2 : 1;
		} else {
			process.stderr.write(`mlwatch: unexpected error: ${(error as Error)?.stack ?? String(error)}\nPlease report this with the command you ran.\n`);
			process.exitCode = 70;
		}
	},
);
