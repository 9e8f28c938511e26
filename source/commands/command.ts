// What every subcommand receives and returns. The table of commands is in index.ts.

import type {Writable} from 'node:stream';

export interface Flags {
	store?: string;
	json: boolean;
	csv: boolean;
	all: boolean;
	problems: boolean;
	experiment: string[];
	filter?: string;
	orderBy: string[];
	maxResults?: number;
	[other: string]: unknown;
}

export interface CommandInput {
	args: string[];
	flags: Flags;
	stdout: Writable & {columns?: number; isTTY?: boolean};
	stderr: Writable;
	env: NodeJS.ProcessEnv;
	cwd: string;
}

export interface Command {
	name: string;
	/** One line for `mlwatch --help`. */
	usage: string;
	summary: string;
	/** Resolves to the exit code. */
	run(input: CommandInput): Promise<number>;
}

/** Raised for mistakes the user can fix: printed as one message, exit code 2. */
export class UsageError extends Error {}
