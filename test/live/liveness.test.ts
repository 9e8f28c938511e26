// Stalled and dead runs, judged on real stores: the demo store (a live job, one quiet for
// 14 minutes, one quiet for 7 hours) and runs written with a known rhythm.

import {describe, expect, it} from 'vitest';
import {writeDemoStore} from '../../source/demo/demo-store.js';
import {liveness, livenessFlag, NO_RHYTHM_STALL_MS, STALL_MIN_MS} from '../../source/live/liveness.js';
import {runningNow} from '../../source/live/running-now.js';
import {FileStore} from '../../source/store/file/file-store.js';
import {tempStore} from './live-fixture.js';
import {getRecord} from '../helpers/reads.js';

const MINUTE = 60_000;

describe('liveness', () => {
	it('tells live, stalled, probably dead and ended runs apart in the demo store', async () => {
		const {root} = tempStore();
		const now = Date.now();
		const demo = writeDemoStore(`${root}-demo`, {now, seed: 7});
		const store = new FileStore(demo.root);
		const states: Record<string, string> = {};
		for (const {role, sim} of demo.runs) {
			const record = (await getRecord(store, sim.writer.runId))!;
			states[role] = liveness(record, now).state;
		}
		expect(states).toEqual({
			'sweep-parent': 'ended',
			'sweep-child': 'ended',
			finished: 'ended',
			failed: 'ended',
			dead: 'dead',
			stalled: 'stalled',
			live: 'live',
			failing: 'live',
		});
		const stalled = (await getRecord(store, demo.runs.find((run) => run.role === 'stalled')!.sim.writer.runId))!;
		expect(livenessFlag(liveness(stalled, now))).toMatch(/^stalled 1[34]m\d\ds$/);
	});

	it('lists every RUNNING run across experiments, live first, probably dead last', async () => {
		const {root} = tempStore();
		const now = Date.now();
		const demo = writeDemoStore(`${root}-demo`, {now, seed: 8});
		const running = await runningNow(new FileStore(demo.root), now);
		const rows = running.map((entry) => [entry.record.run.info.run_name, entry.liveness.state, entry.experiment.name]);
		// The two live ones wrote in the same instant; their order between them is not fixed.
		expect(rows.slice(0, 2).sort()).toEqual([
			['live-trial-1', 'live', 'demo-classifier'],
			['lr-warmup-off-1', 'live', 'demo-classifier'],
		]);
		expect(rows.slice(2)).toEqual([
			['stuck-dataloader', 'stalled', 'demo-classifier'],
			['node-crashed', 'dead', 'demo-classifier'],
		]);
	});

	it('judges quiet time against the run\'s own rhythm, with a floor', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('rhythm', 0);
		const start = Date.now() - 3 * 60 * MINUTE;
		const slow = writer.createRun(experiment, {runName: 'every-2-min', startTime: start});
		const fast = writer.createRun(experiment, {runName: 'every-second', startTime: start});
		const silent = writer.createRun(experiment, {runName: 'no-metrics-yet', startTime: start});
		let last = start;
		for (let step = 0; step < 20; step++) {
			last = start + step * 2 * MINUTE;
			slow.logMetric('loss', 1 / (step + 1), step, last);
			fast.logMetric('loss', 1 / (step + 1), step, start + step * 1000);
		}
		slow.backdate(last);
		fast.backdate(start + 19_000);
		silent.backdate(start);
		const store = new FileStore(root);
		const at = async (run: typeof slow, quietMs: number, from: number) => liveness((await getRecord(store, run.runId))!, from + quietMs).state;

		// Every 2 minutes: stalled after 5 intervals (10 min), not after the 5-minute floor.
		expect(await at(slow, 8 * MINUTE, last)).toBe('live');
		expect(await at(slow, 11 * MINUTE, last)).toBe('stalled');
		// Every second: stalled only after the floor.
		expect(await at(fast, STALL_MIN_MS - MINUTE, start + 19_000)).toBe('live');
		expect(await at(fast, STALL_MIN_MS + MINUTE, start + 19_000)).toBe('stalled');
		expect(await at(fast, 7 * 60 * MINUTE, start + 19_000)).toBe('dead');
		// Nothing logged yet (loading data?): more patience.
		expect(await at(silent, NO_RHYTHM_STALL_MS - MINUTE, start)).toBe('live');
		expect(await at(silent, NO_RHYTHM_STALL_MS + MINUTE, start)).toBe('stalled');
		// A writer whose clock runs ahead does not look quiet.
		expect(liveness((await getRecord(store, fast.runId))!, start).quietMs).toBe(0);
	});
});
