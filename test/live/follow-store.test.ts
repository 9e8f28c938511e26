// Following a store while it is written: with inotify watches (chokidar) and with the
// stat-sweep poller. The store is written exactly as MLflow writes it; what is checked is
// what a user would notice (a new value, run or experiment reaches the reader) and what an
// admin would (finished runs cost no watches).

import {spawnSync} from 'node:child_process';
import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {FileStore} from '../../source/store/file/file-store.js';
import {FsWatchSource} from '../../source/store/file/watch/fs-watch-source.js';
import {inotifyWatchCount} from '../../source/system/inotify-watches.js';
import {StatPoller} from '../../source/store/file/watch/stat-poller.js';
import {repoRoot} from '../helpers/paths.js';
import {recorder, sleep, tempStore, track, until} from './live-fixture.js';
import {getRecord, listExperiments} from '../helpers/reads.js';

const linux = process.platform === 'linux';
const fixture = join(repoRoot, 'test', 'live', 'fixtures', 'watch-limit-child.mjs');
const distDir = join(repoRoot, 'dist');

describe('following a store with watches', () => {
	it('reports an appended metric line, and the store then shows the new value', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		const run = writer.createRun(experiment, {runName: 'live', startTime: Date.now()});
		run.logMetric('loss', 1.5, 0, Date.now());
		const store = new FileStore(root);
		expect((await getRecord(store, run.runId))?.run.data.metrics[0]?.value).toBe(1.5);

		const source = track(new FsWatchSource(root));
		const events = recorder(source);
		await source.start();
		const lossPath = join(run.dir, 'metrics', 'loss');
		const reported = events.waitFor((path) => path === lossPath);
		run.logMetric('loss', 0.25, 1, Date.now());
		const ms = await reported;
		expect(ms).toBeLessThan(1000);
		expect((await getRecord(store, run.runId))?.run.data.metrics[0]).toMatchObject({value: 0.25, step: 1});
	});

	it('sees new metrics (nested keys too), new runs, ended runs and new experiments', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		const run = writer.createRun(experiment, {runName: 'first', startTime: Date.now()});
		const source = track(new FsWatchSource(root));
		const events = recorder(source);
		await source.start();

		const nested = events.waitFor((path) => path.endsWith('/metrics/system/gpu'));
		run.logMetric('system/gpu', 71, 0, Date.now());
		await nested;

		const newRun = events.waitFor((path) => path.startsWith(join(root, experiment)) && path.split('/').length === root.split('/').length + 2);
		const second = writer.createRun(experiment, {runName: 'second', startTime: Date.now()});
		await newRun;
		// The new run is followed: its first metric line is reported too.
		await sleep(300);
		const secondMetric = events.waitFor((path) => path === join(second.dir, 'metrics', 'acc'));
		second.logMetric('acc', 0.5, 0, Date.now());
		await secondMetric;

		const ended = events.waitFor((path) => path === join(run.dir, 'meta.yaml'));
		run.end('FINISHED', Date.now());
		await ended;
		await until(() => source.followedRuns.length === 1);
		expect(source.followedRuns).toEqual([second.dir]);

		const newExperiment = events.waitFor((path) => path.startsWith(root) && path.split('/').length === root.split('/').length + 1);
		writer.createExperiment('another', Date.now());
		await newExperiment;
	});

	it('reports a run folder removed (mlflow gc) and an experiment moved to .trash', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		const run = writer.createRun(experiment, {runName: 'doomed', startTime: Date.now()});
		run.end('FINISHED', Date.now());
		const source = track(new FsWatchSource(root));
		const events = recorder(source);
		await source.start();
		const gone = events.waitFor((path) => path === run.dir);
		rmSync(run.dir, {recursive: true});
		await gone;
		const trashed = events.waitFor((path) => path === join(root, experiment));
		const {renameSync} = await import('node:fs');
		renameSync(join(root, experiment), join(root, '.trash', experiment));
		await trashed;
		const store = new FileStore(root);
		expect((await listExperiments(store)).map((e) => e.name)).toEqual(['Default']);
	});

	it.skipIf(!linux)('watches only running runs: 1000 finished runs cost no watches', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('big', Date.now());
		for (let i = 0; i < 1000; i++) {
			const run = writer.createRun(experiment, {runName: `done-${i}`, startTime: Date.now()});
			for (const key of ['loss', 'acc', 'lr']) run.logMetric(key, i, 0, Date.now());
			run.logParam('lr', 0.1);
			run.end('FINISHED', Date.now());
		}
		const running = Array.from({length: 5}, (_, i) => writer.createRun(experiment, {runName: `running-${i}`, startTime: Date.now()}));
		for (const run of running) for (const key of ['loss', 'acc', 'lr']) run.logMetric(key, 1, 0, Date.now());

		const before = inotifyWatchCount()!;
		const source = track(new FsWatchSource(root));
		await source.start();
		const used = inotifyWatchCount()! - before;
		// root + 2 experiments (+ their meta.yaml) + per running run: meta.yaml, metrics/, 3 files
		expect(used).toBeGreaterThan(0);
		expect(used).toBeLessThan(50);
		expect(source.followedRuns.sort()).toEqual(running.map((run) => run.dir).sort());
		await source.close();
		await until(() => inotifyWatchCount()! - before === 0);
		expect(inotifyWatchCount()! - before).toBe(0);
	});

	it('notices a finished run that is resumed (RUNNING again) and follows it', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		const run = writer.createRun(experiment, {runName: 'resumable', startTime: Date.now()});
		run.end('FINISHED', Date.now());
		const source = track(new FsWatchSource(root, {endedRunsEveryMs: 200}));
		const events = recorder(source);
		await source.start();
		expect(source.followedRuns).toEqual([]);
		// What MLflow does on start_run(run_id=...): meta.yaml rewritten with status RUNNING.
		const resumed = events.waitFor((path) => path === join(run.dir, 'meta.yaml'));
		writeFileSync(join(run.dir, 'meta.yaml'), (await import('node:fs')).readFileSync(join(run.dir, 'meta.yaml'), 'utf8').replace('status: 3', 'status: 1'));
		await resumed;
		await until(() => source.followedRuns.length === 1);
		expect(source.followedRuns).toEqual([run.dir]);
		const appended = events.waitFor((path) => path === join(run.dir, 'metrics', 'loss'));
		run.logMetric('loss', 3, 5, Date.now());
		await appended;
	});

	it('batches a burst of writes into few reports', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		const run = writer.createRun(experiment, {runName: 'bursty', startTime: Date.now()});
		run.logMetric('loss', 1, 0, Date.now());
		const source = track(new FsWatchSource(root));
		let batches = 0;
		source.subscribe(() => batches++);
		await source.start();
		for (let step = 1; step <= 2000; step++) run.logMetric('loss', 1 / step, step, Date.now());
		await sleep(400);
		expect(batches).toBeGreaterThan(0);
		expect(batches).toBeLessThan(20);
	});
});

describe('following a store by polling (--poll, NFS)', () => {
	it('reports appends, new runs and status changes within one interval', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		const run = writer.createRun(experiment, {runName: 'polled', startTime: Date.now()});
		run.logMetric('loss', 1, 0, Date.now());
		const source = track(new StatPoller(root, {intervalMs: 200}));
		expect(source.mode).toBe('poll');
		const events = recorder(source);
		await (source as StatPoller).start();

		const appended = events.waitFor((path) => path === join(run.dir, 'metrics', 'loss'));
		run.logMetric('loss', 0.5, 1, Date.now());
		// Within a few intervals even on a busy machine (the benchmark measures the real figure).
		expect(await appended).toBeLessThan(200 * 5);

		const nested = events.waitFor((path) => path === join(run.dir, 'metrics', 'val', 'loss'));
		run.logMetric('val/loss', 0.7, 1, Date.now());
		await nested;

		const added = events.waitFor((path) => path.startsWith(join(root, experiment) + '/') && !path.includes('/metrics') && !path.endsWith('meta.yaml'));
		writer.createRun(experiment, {runName: 'second', startTime: Date.now()});
		await added;

		const ended = events.waitFor((path) => path === join(run.dir, 'meta.yaml'));
		run.end('FAILED', Date.now());
		await ended;
		const store = new FileStore(root);
		expect((await getRecord(store, run.runId))?.run.info.status).toBe('FAILED');
	});

	it('stays quiet when nothing changes', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		writer.createRun(experiment, {runName: 'idle', startTime: Date.now()}).logMetric('loss', 1, 0, Date.now());
		const source = track(new StatPoller(root, {intervalMs: 100}));
		const events = recorder(source);
		await source.start();
		await sleep(500);
		expect(source.sweeps).toBeGreaterThan(3);
		expect(events.seen).toEqual([]);
	});
});

describe('running out of watches', () => {
	const unshare = linux && spawnSync('unshare', ['-Ur', 'true']).status === 0;

	it.skipIf(!unshare)('falls back to polling, says so, and still sees appends (ENOSPC)', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		let metric = '';
		let runId = '';
		for (let i = 0; i < 10; i++) {
			const run = writer.createRun(experiment, {runName: `r${i}`, startTime: Date.now()});
			for (const key of ['a', 'b', 'c', 'd']) run.logMetric(key, i, 0, Date.now());
			metric = join(run.dir, 'metrics', 'a');
			runId = run.runId;
		}
		// A throwaway user namespace with a limit of 20 watches (the host's limit is untouched).
		const script = `echo 20 > /proc/sys/user/max_inotify_watches && exec "${process.execPath}" "${fixture}" "${distDir}" "${root}" "${metric}" "${runId}"`;
		const child = spawnSync('unshare', ['-Ur', 'sh', '-c', script], {encoding: 'utf8', timeout: 30_000});
		expect(child.stderr).toBe('');
		const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
		expect(result).toMatchObject({mode: 'poll', outcome: 'seen'});
		expect(result.warning).toMatch(/limit on file watches.*polling every 200 ms/);
		expect(result.ms).toBeLessThan(200 + 300);
	});
});
