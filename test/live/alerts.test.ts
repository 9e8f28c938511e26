// Alerts a user asked for (--bell, --notify): when a run finishes, fails, logs NaN or
// infinity, or stops writing. Checked on real stores being written, and with a real
// notify-send stand-in on PATH that records what it was asked to show.

import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {DemoTrainer, writeDemoStore} from '../../source/demo/demo-store.js';
import {BEL, createAlertSink} from '../../source/live/alert-sink.js';
import {AlertMonitor, type Alert} from '../../source/live/alerts.js';
import {FileStore} from '../../source/store/file/file-store.js';
import {sleep, tempStore} from './live-fixture.js';

const MINUTE = 60_000;
const brief = (alerts: Alert[]) => alerts.map((alert) => `${alert.kind} ${alert.runName}${alert.metrics ? ` ${alert.metrics.join(',')}` : ''}`);

describe('alerts', () => {
	it('says when runs finish, fail, log NaN or infinity, or go quiet; once each, and not for what was so at start', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('alerts', 0);
		const now = Date.now();
		const ok = writer.createRun(experiment, {runName: 'will-finish', startTime: now});
		const bad = writer.createRun(experiment, {runName: 'will-fail', startTime: now});
		const nan = writer.createRun(experiment, {runName: 'will-nan', startTime: now});
		const already = writer.createRun(experiment, {runName: 'nan-before-start', startTime: now});
		for (const run of [ok, bad, nan, already]) for (let step = 0; step < 5; step++) run.logMetric('loss', 1 - step / 10, step, now - (5 - step) * 1000);
		already.logMetric('loss', Number.NaN, 5, now);
		const store = new FileStore(root);
		const monitor = new AlertMonitor();

		expect(await monitor.check(store, now)).toEqual([]);
		ok.end('FINISHED', now + 1000);
		bad.end('FAILED', now + 1000);
		nan.logMetric('loss', Number.POSITIVE_INFINITY, 6, now + 1000);
		nan.logMetric('val/loss', Number.NaN, 6, now + 1000);
		expect(brief(await monitor.check(store, now + 2000)).sort()).toEqual(['failed will-fail', 'finished will-finish', 'non-finite will-nan loss,val/loss']);
		expect(await monitor.check(store, now + 3000)).toEqual([]);

		// Nothing written for 20 minutes (the floor is 5): both still-running runs stalled.
		expect(brief(await monitor.check(store, now + 20 * MINUTE)).sort()).toEqual(['stalled nan-before-start', 'stalled will-nan']);
		expect(await monitor.check(store, now + 21 * MINUTE)).toEqual([]);
	});

	it('catches the demo\'s diverging job: NaN first, then failed', async () => {
		const {root} = tempStore();
		const start = Date.now() - 3 * MINUTE;
		const demo = writeDemoStore(`${root}-demo`, {now: start, seed: 3});
		let clock = start;
		const trainer = new DemoTrainer(demo, () => clock);
		const store = new FileStore(demo.root);
		const monitor = new AlertMonitor();
		await monitor.check(store, clock);
		const seen: string[] = [];
		for (; clock < start + 90_000; clock += 2000) {
			trainer.tick();
			seen.push(...brief(await monitor.check(store, clock)));
		}
		const nanAt = seen.findIndex((line) => line.startsWith('non-finite lr-warmup-off-1'));
		const failedAt = seen.indexOf('failed lr-warmup-off-1');
		expect(nanAt).toBeGreaterThanOrEqual(0);
		expect(failedAt).toBeGreaterThan(nanAt);
		expect(seen.filter((line) => line.startsWith('stalled'))).toEqual([]);
	});

	it('rings the bell through the given writer and sends a sanitized desktop notification', async () => {
		const {root} = tempStore();
		const bin = join(dirname(root), 'bin');
		const log = join(dirname(root), 'notified.txt');
		const {mkdirSync} = await import('node:fs');
		mkdirSync(bin);
		const fake = join(bin, 'notify-send');
		writeFileSync(fake, `#!/bin/sh\nfor arg in "$@"; do printf '%s\\n' "$arg"; done > '${log}'\n`);
		chmodSync(fake, 0o755);
		const written: string[] = [];
		const sink = createAlertSink({bell: true, notify: true, write: (text) => written.push(text), env: {PATH: bin}, platform: 'linux'});
		expect(sink.notifier?.command).toBe(fake);
		sink([{kind: 'failed', runId: 'r', runName: 'evil\u001b]0;pwned\u0007', experimentId: '1', message: "run 'evil\u001b]0;pwned\u0007' failed"}]);
		expect(written).toEqual([BEL]);
		for (let i = 0; i < 50 && !readable(log); i++) await sleep(20);
		const args = readFileSync(log, 'utf8');
		expect(args).toContain('mlwatch');
		expect(args).toContain("run 'evil␛]0;pwned\\u0007' failed");
		expect(args).not.toContain('\u001b');

		const quiet: string[] = [];
		createAlertSink({bell: false, notify: false, write: (text) => quiet.push(text)})([{kind: 'finished', runId: 'r', runName: 'x', experimentId: '1', message: 'x'}]);
		expect(quiet).toEqual([]);
		expect(createAlertSink({bell: false, notify: true, env: {PATH: join(bin, 'nothing-here')}, platform: 'linux'}).notifier).toBeUndefined();
	});
});

function readable(path: string): boolean {
	try {
		return readFileSync(path, 'utf8').length > 0;
	} catch {
		return false;
	}
}
