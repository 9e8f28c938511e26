// `mlwatch --help` and `mlwatch COMMAND --help`, made from the commands' own declarations.

import {COMMON_FLAGS, describeFlags, wrap} from '../cli-flags.js';
import {usageOf, type Command} from './command.js';
import {commands, tuiCommand} from './index.js';

const DESCRIPTION = 'Watch and compare MLflow experiments from a terminal: a live terminal UI, health checks and headless JSON. Read-only; MLflow need not be installed.';

function paragraph(text: string, width: number, indent = '  '): string {
	return wrap(text, width - indent.length).map((line) => indent + line).join('\n');
}

export function globalHelp(width = 100): string {
	const names = commands.map((command) => command.name);
	const column = Math.max(...names.map((name) => name.length)) + 2;
	return [
		DESCRIPTION,
		'',
		'Usage',
		`  ${usageOf(tuiCommand)}`,
		paragraph(tuiCommand.summary, width, '      '),
		'  mlwatch COMMAND [STORE] [ARGS] [flags]',
		'',
		'Commands',
		...commands.map((command) => {
			const lines = wrap(command.summary, Math.max(30, width - column - 4));
			return [`  ${command.name.padEnd(column)}${lines[0]}`, ...lines.slice(1).map((line) => ' '.repeat(column + 2) + line)].join('\n');
		}),
		'',
		'The store is the first argument or --store (a folder holding mlruns/, mlruns/ itself, a file: URI,',
		'a .db file or http://host:port), else $MLFLOW_TRACKING_URI, else ./mlruns, else ./mlflow.db.',
		'',
		'Flags of the terminal UI',
		describeFlags([...tuiCommand.flags, ...COMMON_FLAGS], width),
		'',
		'Examples',
		...['mlwatch demo', ...tuiCommand.examples.slice(1), 'mlwatch runs path/to/project --filter "metrics.accuracy > 0.9" --json | jq .'].map((example) => `  $ ${example}`),
		'',
		"Run 'mlwatch COMMAND --help' for a command's flags and examples.",
		'',
	].join('\n');
}

export function commandHelp(command: Command, width = 100): string {
	return [
		`Usage: ${usageOf(command)}`,
		'',
		paragraph(command.summary + '.', width, ''),
		...(command.details ? ['', paragraph(command.details, width, '')] : []),
		'',
		'Flags',
		describeFlags([...command.flags, ...COMMON_FLAGS], width),
		'',
		'Examples',
		...command.examples.map((example) => `  $ ${example}`),
		'',
	].join('\n');
}
