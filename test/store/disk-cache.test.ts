// The file store's cache in the user's cache folder: a second start answers exactly as the
// first, a file changed in any way (rewritten to the same size, replaced, truncated) is
// read again, two processes at once both work, the folder stays bounded, MLWATCH_NO_CACHE
// leaves nothing behind, and the store itself is never touched.

import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, utimesSync, writeFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {cliPath} from '../helpers/paths.js';
import {runCli} from '../helpers/run-cli.js';
import {runMeta, tempStore, writeExperiment, writeRun} from '../helpers/store-builder.js';
import {hashTree} from '../helpers/tree-hash.js';

const made: string[] = [];
afterAll(() => {
	for (const dir of made) rmSync(dir, {recursive: true, force: true});
});

function cacheHome(): string {
	const dir = mkdtempSync(join(tmpdir(), 'mlwatch-cache-'));
	made.push(dir);
	return dir;
}

const RUN = 'c'.repeat(32);

function store(): {root: string; run: string} {
	const root = tempStore();
	const dir = writeExperiment(root, '3', "artifact_location: x\nexperiment_id: '3'\nlifecycle_stage: active\nname: cached\n");
	const run = writeRun(dir, RUN, {meta: runMeta({runId: RUN, experimentId: '3', name: 'first'}), params: {lr: '0.1'}, tags: {team: 'a'}, metrics: {loss: '1700000000000 0.5 0\n1700000000001 0.25 1\n'}});
	return {root, run};
}

const runs = (root: string, home: string, extra: NodeJS.ProcessEnv = {}) => {
	const result = runCli(['runs', '--store', root, '--json'], {env: {XDG_CACHE_HOME: home, ...extra}});
	expect(result.status, result.stderr).toBe(0);
	return JSON.parse(result.stdout);
};

const cacheFiles = (home: string) => {
	try {
		return readdirSync(join(home, 'mlwatch', 'stores'));
	} catch {
		return [];
	}
};

describe('the disk cache', () => {
	it('answers a second start exactly as the first, from the user cache folder, without touching the store', () => {
		const {root} = store();
		const home = cacheHome();
		const before = hashTree(root);
		const cold = runs(root, home);
		expect(cacheFiles(home)).toHaveLength(1);
		expect(runs(root, home)).toEqual(cold);
		expect(hashTree(root)).toBe(before);
	});

	it('never serves a file that changed: rewritten to the same size, replaced, truncated', () => {
		const {root, run} = store();
		const home = cacheHome();
		runs(root, home);
		const param = join(run, 'params', 'lr');
		// Same size, same mtime put back: only the content (and ctime) tell.
		const {mtime} = statSync(param);
		writeFileSync(param, '0.2');
		utimesSync(param, mtime, mtime);
		expect(runs(root, home).runs[0].data.params).toEqual([{key: 'lr', value: '0.2'}]);
		// Replaced by rename, as an editor saves.
		writeFileSync(join(run, 'tags', '.team.new'), 'b');
		renameSync(join(run, 'tags', '.team.new'), join(run, 'tags', 'team'));
		expect(runs(root, home).runs[0].data.tags.find((tag: {key: string}) => tag.key === 'team').value).toBe('b');
		// Truncated and written again, shorter.
		writeFileSync(join(run, 'metrics', 'loss'), '1700000000000 0.75 0\n');
		expect(runs(root, home).runs[0].data.metrics[0]).toMatchObject({value: 0.75, step: 0});
		truncateSync(join(run, 'metrics', 'loss'), 0);
		// MLflow's JSON omits the empty list.
		expect(runs(root, home).runs[0].data.metrics).toBeUndefined();
		// The run renamed in meta.yaml.
		writeFileSync(join(run, 'meta.yaml'), readFileSync(join(run, 'meta.yaml'), 'utf8').replace('run_name: first', 'run_name: second'));
		expect(runs(root, home).runs[0].info.run_name).toBe('second');
	});

	it('serves the new info with the cached data when only meta.yaml changed (a run renamed or finished)', () => {
		const {root, run} = store();
		const home = cacheHome();
		const cold = runs(root, home).runs[0];
		writeFileSync(join(run, 'meta.yaml'), readFileSync(join(run, 'meta.yaml'), 'utf8').replace('run_name: first', 'run_name: second'));
		const warm = runs(root, home).runs[0];
		expect(warm.info.run_name).toBe('second');
		expect(warm.data).toEqual(cold.data);
	});

	it('works with two processes at once, and the cache stays usable', async () => {
		const {root} = store();
		const home = cacheHome();
		const once = () =>
			new Promise<{code: number | null; out: string}>((resolve) => {
				const child = spawn(process.execPath, [cliPath, 'runs', '--store', root, '--json'], {env: {...process.env, XDG_CACHE_HOME: home}});
				let out = '';
				child.stdout.on('data', (chunk) => (out += chunk));
				child.on('close', (code) => resolve({code, out}));
			});
		const results = await Promise.all([once(), once(), once()]);
		for (const result of results) expect(result.code).toBe(0);
		expect(new Set(results.map((result) => result.out)).size).toBe(1);
		expect(runs(root, home)).toEqual(JSON.parse(results[0]!.out));
		expect(cacheFiles(home).filter((name) => name.endsWith('.tmp'))).toEqual([]);
	});

	it('keeps the caches of at most 16 stores', () => {
		const home = cacheHome();
		for (let index = 0; index < 18; index++) runs(store().root, home);
		expect(cacheFiles(home)).toHaveLength(16);
	});

	it('is switched off with MLWATCH_NO_CACHE=1', () => {
		const {root} = store();
		const home = cacheHome();
		runs(root, home, {MLWATCH_NO_CACHE: '1'});
		expect(cacheFiles(home)).toEqual([]);
	});
});
