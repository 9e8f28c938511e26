// The package as a user gets it: `npm pack`, installed globally into a scratch prefix,
// then run from a folder outside the clone: --version, a headless command on a small
// store, and `mlwatch demo` drawing in a real terminal (tmux), with CI set as on many
// build boxes. The bundle is the one `npm test` built (pretest).

import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, repoRoot} from '../helpers/paths.js';
import {shellQuote} from '../helpers/run-cli.js';
import {writeCliStore} from '../commands/cli-store.js';

const hasTmux = spawnSync('tmux', ['-V'], {encoding: 'utf8'}).status === 0;
const tmuxRequired = process.env['MLWATCH_REQUIRE_TMUX'] === '1';
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {name: string; version: string};
const socket = `mlwatch-pack-${process.pid}`;

let scratch = '';
let prefix = '';
let packed: {files: Array<{path: string}>; filename: string};

function npm(args: string[], cwd: string) {
	const result = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {cwd, encoding: 'utf8', timeout: 180_000, env: {...process.env, npm_config_update_notifier: 'false'}});
	if (result.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
	return result.stdout;
}

/** The installed `mlwatch`, run from a folder that has nothing to do with the clone. */
function installed(args: string[], env: NodeJS.ProcessEnv = {}) {
	const result = spawnSync(join(prefix, 'bin', 'mlwatch'), args, {cwd: scratch, encoding: 'utf8', timeout: 60_000, env: {...process.env, MLFLOW_TRACKING_URI: '', ...env}});
	return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr};
}

function tmux(...args: string[]): string {
	const env = {...process.env};
	delete env['TMUX'];
	const result = spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', env});
	if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}

async function waitFor(what: string, check: () => string | undefined, timeoutMs = 20_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	for (;;) {
		const seen = check();
		if (seen !== undefined) return seen;
		last = tmux('capture-pane', '-p', '-t', 'demo');
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${last}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('the packed package', () => {
	beforeAll(() => {
		if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'npm run build' first (npm test does)`);
		scratch = mkdtempSync(join(tmpdir(), 'mlwatch-pack-'));
		prefix = join(scratch, 'prefix');
		// The bundle is already built; packing must not build it again.
		[packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], repoRoot));
		// Nothing to fetch: everything is in the bundle, and optional native modules are skipped here.
		npm(['install', '--global', '--prefix', prefix, '--offline', '--omit=optional', join(scratch, packed.filename)], scratch);
	}, 240_000);
	afterAll(() => {
		if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
		if (scratch) rmSync(scratch, {recursive: true, force: true});
	});

	it('holds the bundle, its licenses, the README and a LICENSE, and no source maps', () => {
		const files = packed.files.map((file) => file.path).sort();
		expect(files).toEqual(['LICENSE', 'README.md', 'dist/THIRD-PARTY-LICENSES.txt', 'dist/mlwatch-bundle.js', 'dist/mlwatch.js', 'package.json']);
		expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
		const installedPackage = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', pkg.name, 'package.json'), 'utf8'));
		expect(installedPackage.dependencies ?? {}).toEqual({});
	});

	it('answers --version and --help', () => {
		expect(installed(['--version'])).toMatchObject({status: 0, stdout: `${pkg.version}\n`});
		expect(installed(['--help'])).toMatchObject({status: 0, stdout: expect.stringContaining('Usage')});
	});

	it('reads a store outside the clone', () => {
		const {root} = writeCliStore();
		const result = installed(['runs', root, '--experiment', 'cli-tests', '--json']);
		expect(result.status, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout).runs.map((run: {info: {run_name: string}}) => run.info.run_name)).toContain('history-run');
		const demo = join(scratch, 'demo-store');
		expect(installed(['demo', demo, '--json']).status).toBe(0);
		expect(JSON.parse(installed(['experiments', demo, '--json']).stdout).experiments.map((experiment: {name: string}) => experiment.name)).toContain('demo-classifier');
	});

	describe.skipIf(!hasTmux && !tmuxRequired)('in a terminal', () => {
		it('draws the demo, with CI set in the environment, and quits on q', async () => {
			const line = `CI=true ${shellQuote(join(prefix, 'bin', 'mlwatch'))} demo; echo "EXITED $?"; sleep 600`;
			tmux('new-session', '-d', '-s', 'demo', '-x', '100', '-y', '30', '-c', scratch, line);
			const screen = await waitFor('the demo runs', () => {
				const text = tmux('capture-pane', '-p', '-t', 'demo');
				return /Runs · demo-classifier/.test(text) && /baseline/.test(text) ? text : undefined;
			});
			expect(screen).toMatch(/mlwatch/);
			tmux('send-keys', '-t', 'demo', 'q');
			await waitFor('mlwatch to exit', () => {
				const text = tmux('capture-pane', '-p', '-t', 'demo');
				return /EXITED 0/.test(text) ? text : undefined;
			});
		});
	});
});
