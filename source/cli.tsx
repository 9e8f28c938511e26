#!/usr/bin/env node
// Entry point: parses flags, then runs a headless command or opens the TUI.

import meow from 'meow';
import {flagSpec} from './cli-flags.js';
import {UsageError, type Flags} from './commands/command.js';
import {commands, findCommand} from './commands/index.js';
import {existsSync} from 'node:fs';
import {chooseStore} from './store/choose-store.js';
import {InvalidQueryError} from './store/page-token.js';
import {LookupError} from './store/queries.js';
import {openStore, StoreError} from './store/registry.js';
import {SearchSyntaxError} from './store/search/index.js';

const help = `
  Watch and compare MLflow experiments from a terminal. Read-only; MLflow need not be installed.

  Usage
    $ mlwatch [STORE] [--experiment ID_OR_NAME] [--poll[=MS]] [--ascii] [--bell] [--notify]
        Open the terminal UI on a store (live: it follows the store as runs write).
        Runs that finish, fail, log NaN or stall are named in the status line; --bell
        also rings the terminal bell, --notify sends a desktop notification.
${commands.map((command) => `    $ mlwatch ${command.usage}\n        ${command.summary}`).join('\n')}

  The store is --store (a folder or file: URI), else $MLFLOW_TRACKING_URI, else ./mlruns.
  --filter and --order-by take MLflow's search grammar, e.g.
    --filter "metrics.accuracy > 0.9 and params.model = 'rf'" --order-by "metrics.rmse ASC"
  --problems lists what mlwatch found wrong in the store (the count is always on stderr).
`;

const cli = meow(help, {importMeta: import.meta, flags: flagSpec, allowUnknownFlags: false});

/** `--poll` alone means every 2 s; `--poll=MS` sets the interval. */
function parsePoll(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (value === '') return 2000;
	const ms = Number(value);
	if (!Number.isInteger(ms) || ms < 100) throw new UsageError('--poll takes an interval in milliseconds of at least 100, e.g. --poll=2000');
	return ms;
}

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
		// `mlwatch [STORE]`: anything that is not a command is a store for the TUI.
		if (name !== undefined && args.length > 0) throw new UsageError(`unknown command '${name}'. Run 'mlwatch --help' for the list.`);
		if (name !== undefined && !existsSync(name) && !/^[a-z]+:/i.test(name)) {
			throw new UsageError(`'${name}' is neither a command nor a store folder. Run 'mlwatch --help' for the commands.`);
		}
		const choice = chooseStore(name ?? flags.store, process.env, process.cwd());
		const pollMs = parsePoll(flags['poll'] as string | undefined);
		const store = await openStore(choice.spec, {env: process.env, cwd: process.cwd()});
		// Loaded only here: Ink and React cost half a second to import, which the headless
		// commands should not pay.
		// React's development build costs about a quarter of each redraw (docs/performance.md).
		process.env['NODE_ENV'] ??= 'production';
		const {openTui} = await import('./tui.js');
		return openTui({
			store,
			experiment: flags.experiment[0],
			ascii: Boolean(flags['ascii']),
			follow: pollMs === undefined ? {} : {pollMs},
			bell: Boolean(flags['bell']),
			notify: Boolean(flags['notify']),
			webUi: {
				...(typeof flags['mlflow'] === 'string' ? {mlflow: flags['mlflow']} : {}),
				...(typeof flags['host'] === 'string' ? {host: flags['host']} : {}),
				...(typeof flags['port'] === 'number' ? {port: flags['port']} : {}),
			},
		});
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
		} else if (error instanceof UsageError || error instanceof StoreError || error instanceof LookupError || error instanceof InvalidQueryError) {
			process.stderr.write(`mlwatch: ${error.message}\n`);
			process.exitCode = error instanceof UsageError ? 2 : 1;
		} else {
			process.stderr.write(`mlwatch: unexpected error: ${(error as Error)?.stack ?? String(error)}\nPlease report this with the command you ran.\n`);
			process.exitCode = 70;
		}
	},
);
