// `mlwatch demo`: a store written by a built-in simulated trainer, in MLflow's own file
// format, opened in the TUI while it keeps training, so a new user sees mlwatch at work in
// seconds without MLflow. The trainer runs inside this process on timers, so nothing it
// starts can outlive mlwatch; a temporary store is removed on exit.

import {existsSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {DemoTrainer, writeDemoStore, type DemoStore} from '../demo/demo-store.js';
import {FileStore} from '../store/file/file-store.js';
import {FLAG, flagWith} from '../cli-flags.js';
import {UsageError, type Command, type CommandInput} from './command.js';
import {loadTui} from './open-tui.js';
import {printJson} from './output.js';

/** The demo only ever writes into a folder it creates or one that is empty. */
function checkTarget(dir: string): void {
	if (!existsSync(dir)) return;
	if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) {
		throw new UsageError(`'${dir}' already exists and is not an empty folder; mlwatch demo only writes into a new or empty folder`);
	}
}

function describeStore(demo: DemoStore) {
	return {
		store: demo.root,
		experiments: [
			{experiment_id: demo.experiments.classifier, name: 'demo-classifier'},
			{experiment_id: demo.experiments.sweep, name: 'demo-sweep'},
		],
		runs: demo.runs.map(({role, sim}) => ({run_id: sim.writer.runId, run_name: sim.writer.runName, experiment_id: sim.writer.experimentId, role})),
	};
}

async function writeOnly(input: CommandInput, target: string | undefined): Promise<number> {
	if (!target) throw new UsageError('mlwatch demo --json needs a folder to write the demo store into: mlwatch demo DIR --json');
	const root = resolve(input.cwd, target);
	checkTarget(root);
	printJson(input, describeStore(writeDemoStore(root)));
	return 0;
}

export const demoCommand: Command = {
	name: 'demo',
	args: ['[DIR]'],
	takesStore: false,
	flags: [FLAG.poll, FLAG.ascii, FLAG.bell, FLAG.notify, flagWith(FLAG.json, 'only write the demo store into DIR and print what it holds, as JSON')],
	summary: 'Watch a simulated training store (in a temporary folder, or DIR, which is kept); with --json only write it to DIR',
	details: 'The simulated trainer writes in MLflow\'s own file format, so MLflow itself can read DIR too. Nothing it starts outlives mlwatch.',
	examples: ['mlwatch demo', 'mlwatch demo /tmp/demo-store --json && mlwatch runs /tmp/demo-store'],
	async run(input) {
		const target = input.args[0];
		if (input.flags.json) return writeOnly(input, target);
		const pollMs = input.flags['poll'] as number | undefined;
		if (!input.stdout.isTTY) {
			throw new UsageError('mlwatch demo opens the terminal UI and needs a terminal; to only write the demo store, run: mlwatch demo DIR --json');
		}

		let temporary: string | undefined;
		let root: string;
		if (target) {
			root = resolve(input.cwd, target);
			checkTarget(root);
		} else {
			temporary = mkdtempSync(join(tmpdir(), 'mlwatch-demo-'));
			root = join(temporary, 'mlruns');
		}
		const demo = writeDemoStore(root);
		const trainer = new DemoTrainer(demo);
		trainer.start();
		const cleanUp = () => {
			trainer.stop();
			if (temporary) rmSync(temporary, {recursive: true, force: true});
		};
		process.once('exit', cleanUp);
		const options = {
			store: new FileStore(root),
			experiment: 'demo-classifier',
			ascii: Boolean(input.flags['ascii']),
			follow: pollMs === undefined ? {} : {pollMs},
			bell: Boolean(input.flags['bell']),
			notify: Boolean(input.flags['notify']),
		};
		try {
			const {openTui} = await loadTui(input.stdout);
			return await openTui(options);
		} finally {
			cleanUp();
			process.removeListener('exit', cleanUp);
			if (!temporary) input.stderr.write(`mlwatch: the demo store stays in ${root}\n`);
		}
	},
};
