#!/usr/bin/env node
// Entry point: parses flags, then runs a headless command or opens the TUI.

import meow from 'meow';
import {flagSpec} from './cli-flags.js';
import {UsageError, type Flags} from './commands/command.js';
import {commands, findCommand} from './commands/index.js';
import {StoreError} from './store/resolve-store.js';
import {LookupError} from './store/query.js';
import {SearchSyntaxError} from './store/search/index.js';

const help = `
  Watch and compare MLflow experiments from a terminal. Read-only; MLflow need not be installed.

  Usage
    $ mlwatch [STORE]                 open the terminal UI on a store
${commands.map((command) => `    $ mlwatch ${command.usage}\n        ${command.summary}`).join('\n')}

  The store is --store (a folder or file: URI), else $MLFLOW_TRACKING_URI, else ./mlruns.
  --filter and --order-by take MLflow's search grammar, e.g.
    --filter "metrics.accuracy > 0.9 and params.model = 'rf'" --order-by "metrics.rmse ASC"
  --problems lists what mlwatch found wrong in the store (the count is always on stderr).
`;

const cli = meow(help, {importMeta: import.meta, flags: flagSpec, allowUnknownFlags: false});

async function main(): Promise<number> {
	const [name, ...args] = cli.input;
	const command = findCommand(name);
	const flags = cli.flags as unknown as Flags;
	flags.experiment ??= [];
	flags.orderBy ??= [];
	if (flags.maxResults !== undefined && (!Number.isInteger(flags.maxResults) || flags.maxResults < 1)) {
		throw new UsageError('--max-results needs a positive whole number');
	}
	if (!command) {
		if (name !== undefined && !name.includes('/') && !name.startsWith('.') && commands.every((known) => known.name !== name)) {
			// Could be a store path; the TUI takes one.
		}
		cli.showHelp(0);
		return 0;
	}
	return command.run({args, flags, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd()});
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		if (error instanceof SearchSyntaxError) {
			process.stderr.write(`mlwatch: ${error.message}\n${error.pointer()}\n`);
			process.exitCode = 2;
		} else if (error instanceof UsageError || error instanceof StoreError || error instanceof LookupError) {
			process.stderr.write(`mlwatch: ${error.message}\n`);
			process.exitCode = error instanceof UsageError ? 2 : 1;
		} else {
			process.stderr.write(`mlwatch: unexpected error: ${(error as Error)?.stack ?? String(error)}\nPlease report this with the command you ran.\n`);
			process.exitCode = 70;
		}
	},
);
