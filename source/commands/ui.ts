// `mlwatch ui`: MLflow's own web UI on the store mlwatch shows, on the first free port,
// in the foreground like `mlflow ui`. Ctrl-C, SIGTERM or SIGHUP stop it and everything it
// started.

import {storeFor} from './output.js';
import {sanitizeLine} from '../text/sanitize.js';
import {INSTALL_HINT, locateMlflow} from '../webui/find-mlflow.js';
import {launchWebUi, type WebUiServer} from '../webui/launcher.js';
import {hyperlink, isLoopback, sshTunnelHint} from '../webui/ssh-hint.js';
import {exposedHostWarning, storeWritesNotice} from '../webui/store-writes.js';
import {FLAG} from '../cli-flags.js';
import type {Command, CommandInput} from './command.js';

const FAILURE_LOG_LINES = 20;

function waitForStop(server: WebUiServer): Promise<'signal' | 'exited'> {
	return new Promise((done) => {
		const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
		const onSignal = () => finish('signal');
		const onChange = () => {
			if (server.snapshot.state === 'stopped' || server.snapshot.state === 'failed') finish('exited');
		};
		const finish = (why: 'signal' | 'exited') => {
			for (const signal of signals) process.off(signal, onSignal);
			server.off('change', onChange);
			done(why);
		};
		for (const signal of signals) process.on(signal, onSignal);
		server.on('change', onChange);
	});
}

function printFailure(input: CommandInput, server: WebUiServer, reason: string): void {
	const log = server.snapshot.log.slice(-FAILURE_LOG_LINES);
	input.stderr.write(`mlwatch: the MLflow web UI did not start: ${reason}\n`);
	if (log.length > 0) input.stderr.write(`Last lines of its log:\n${log.map((line) => `  ${line}`).join('\n')}\n`);
	input.stderr.write('Run the same command yourself to see everything it says:\n');
	input.stderr.write(`  ${server.commandLine()}\n`);
}

export const uiCommand: Command = {
	name: 'ui',
	args: [],
	takesStore: true,
	flags: [FLAG.store, FLAG.port, FLAG.host, FLAG.mlflow],
	summary: "Start MLflow's web UI on the store, on the first free port from 5000 (or N); Ctrl-C stops it",
	details: 'Over SSH it prints the ssh -L command that makes the web UI reachable from your laptop.',
	examples: ['mlwatch ui path/to/project', 'mlwatch ui --port 5500 --mlflow ~/venvs/mlflow'],
	async run(input) {
		const port = (input.flags['port'] as number | undefined) ?? 5000;
		const host = (input.flags['host'] as string | undefined) || '127.0.0.1';
		const store = await storeFor(input);
		const {description} = store;
		if (description.kind === 'rest') {
			input.stdout.write(`${sanitizeLine(description.uri)} is a tracking server: its own web UI is at\n  ${input.stdout.isTTY ? hyperlink(description.uri) : description.uri}\n`);
			return 0;
		}
		const mlflow = locateMlflow(input.flags['mlflow'] as string | undefined, input.env, input.cwd);
		if (!mlflow.found) {
			input.stderr.write(
				`mlwatch: MLflow is not installed here, and the web UI is MLflow's own (${mlflow.looked.join('; ')}).\n` +
					`  To fix: ${INSTALL_HINT}.\n` +
					'  Everything else in mlwatch works without MLflow.\n',
			);
			return 1;
		}
		const notice = storeWritesNotice(description, await store.about());
		if (notice) input.stderr.write(`mlwatch: note: ${notice}\n`);
		if (!isLoopback(host)) input.stderr.write(`mlwatch: warning: ${exposedHostWarning(host, port)}\n`);
		input.stderr.write(`mlwatch: starting MLflow's web UI (${mlflow.path}) on ${sanitizeLine(description.label)}...\n`);

		const server = launchWebUi({mlflowPath: mlflow.path, backendStoreUri: description.uri, host, port, env: input.env});
		server.on('line', (line: string) => input.stderr.write(`  ${line}\n`));
		const stopped = waitForStop(server);
		const outcome = await Promise.race([server.ready.then(() => 'ready' as const, (error: Error) => error), stopped]);
		if (outcome === 'signal') {
			await server.stop();
			return 0;
		}
		if (outcome instanceof Error) {
			await server.stop();
			printFailure(input, server, outcome.message);
			return 1;
		}
		const snapshot = server.snapshot;
		const url = snapshot.url!;
		const shownUrl = input.stdout.isTTY ? hyperlink(url) : url;
		const moved = snapshot.port !== port ? ` (port ${port} was taken)` : '';
		input.stdout.write(`MLflow ${snapshot.version ?? ''} web UI for ${sanitizeLine(description.label)}\n  ${shownUrl}${moved}\n`);
		const tunnel = sshTunnelHint(snapshot.port!, input.env);
		if (tunnel) input.stdout.write(`  Over SSH: run this on your laptop, then open http://127.0.0.1:${snapshot.port}/ there:\n    ${tunnel}\n`);
		input.stdout.write('  Ctrl-C stops it.\n');
		const why = await stopped;
		if (why === 'exited') {
			input.stderr.write(`mlwatch: the MLflow web UI stopped by itself. Last lines of its log:\n${server.snapshot.log.slice(-FAILURE_LOG_LINES).map((line) => `  ${line}`).join('\n')}\n`);
			await server.stop();
			return 1;
		}
		await server.stop();
		input.stderr.write('mlwatch: web UI stopped.\n');
		return 0;
	},
};
