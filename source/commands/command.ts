// What every subcommand declares, receives and returns. The table of commands is in index.ts.

import type {Writable} from 'node:stream';
import type {FlagDef} from '../cli-flags.js';

export interface Flags {
	store?: string;
	json: boolean;
	csv: boolean;
	all: boolean;
	problems: boolean;
	wide: boolean;
	experiment: string[];
	filter?: string;
	orderBy: string[];
	maxResults?: number;
	[other: string]: unknown;
}

export interface CommandInput {
	/** The arguments after the store (which, given first, is already in flags.store). */
	args: string[];
	flags: Flags;
	stdout: Writable & {columns?: number; isTTY?: boolean};
	stderr: Writable;
	env: NodeJS.ProcessEnv;
	cwd: string;
}

export interface Command {
	name: string;
	/** What comes after the store: required ones as `RUN_ID`, optional ones as `[DIR]`. */
	args: string[];
	/** Whether a store may be given as the first argument (and with --store). */
	takesStore: boolean;
	/** The only flags it accepts (besides --help and --version); its --help lists them. */
	flags: FlagDef[];
	/** One line for `mlwatch --help`. */
	summary: string;
	/** More for `mlwatch COMMAND --help`, when one line is not enough. */
	details?: string;
	examples: string[];
	/** Resolves to the exit code. */
	run(input: CommandInput): Promise<number>;
}

/** `mlwatch runs [STORE] [flags]`, from the declaration. */
export function usageOf(command: Command): string {
	return ['mlwatch', command.name, command.takesStore ? '[STORE]' : '', ...command.args, '[flags]'].filter(Boolean).join(' ');
}

/** Raised for mistakes the user can fix: printed as one message, exit code 2. */
export class UsageError extends Error {}
