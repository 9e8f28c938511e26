// `mlwatch [STORE]`: the terminal UI, declared like the other commands so that its flags
// and help come from the same place; and loading the UI, which `mlwatch demo` shares.

import {FLAG} from '../cli-flags.js';
import {UsageError, type Command, type CommandInput} from './command.js';
import {storeFor} from './output.js';

type TuiModule = typeof import('../tui.js');

/** Ink's is-in-ci reads these when it is imported. */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'];

/**
 * The UI module, loaded only now: headless commands should not pay for importing Ink and
 * React. Ink decides once, on import, whether it runs in CI, and then draws nothing
 * but the last frame; a person at a terminal whose shell has CI set wants the screen,
 * so with stdout a terminal Ink is imported with those variables hidden.
 */
export async function loadTui(stdout: {isTTY?: boolean}): Promise<TuiModule> {
	// React's development build makes every redraw slower (docs/performance.md).
	// (The bundle has only the production build; `env` keeps its define off this line.)
	const env = process.env;
	env['NODE_ENV'] ??= 'production';
	const hidden = new Map<string, string>();
	if (stdout.isTTY) {
		for (const name of CI_VARIABLES) {
			const value = process.env[name];
			if (value === undefined) continue;
			hidden.set(name, value);
			delete process.env[name];
		}
	}
	try {
		return await import('../tui.js');
	} finally {
		// Put back for what the UI starts (mlflow ui, say).
		for (const [name, value] of hidden) process.env[name] = value;
	}
}

export const tuiCommand: Command = {
	name: '',
	args: [],
	takesStore: true,
	flags: [
		FLAG.store,
		FLAG.noCache,
		{...FLAG.experiment, help: 'open this experiment first'},
		FLAG.poll,
		FLAG.ascii,
		FLAG.bell,
		FLAG.notify,
		{...FLAG.mlflow, help: 'the mlflow executable for the web UI (W) and the health screen (H)'},
		{...FLAG.host, help: 'the address the web UI (W) listens on (127.0.0.1)'},
		{...FLAG.port, help: "the web UI's (W) port: the first free one from N (5000)"},
	],
	summary: 'Open the terminal UI on a store; it follows the store live as runs write',
	details:
		'Runs that finish, fail, log NaN or stall are named in the status line; --bell also rings the terminal bell, --notify sends a desktop notification. Press ? in the UI for every key.',
	examples: ['mlwatch', 'mlwatch path/to/project --experiment wine-quality', 'mlwatch sqlite:///mlflow.db --poll=5000'],
	async run(input: CommandInput) {
		if (input.flags.experiment.length > 1) throw new UsageError('the terminal UI opens one experiment first: give --experiment once');
		const pollMs = input.flags['poll'] as number | undefined;
		const store = await storeFor(input);
		const {openTui} = await loadTui(input.stdout);
		return openTui({
			store,
			experiment: input.flags.experiment[0],
			ascii: Boolean(input.flags['ascii']),
			follow: pollMs === undefined ? {} : {pollMs},
			bell: Boolean(input.flags['bell']),
			notify: Boolean(input.flags['notify']),
			webUi: {
				...(typeof input.flags['mlflow'] === 'string' ? {mlflow: input.flags['mlflow']} : {}),
				...(typeof input.flags['host'] === 'string' ? {host: input.flags['host']} : {}),
				...(typeof input.flags['port'] === 'number' ? {port: input.flags['port']} : {}),
			},
		});
	},
};
