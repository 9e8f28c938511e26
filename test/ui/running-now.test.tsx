// The "running now" screen and alerts in the real App on stores built for the test: the
// running runs of every experiment, worst first, a stalled one flagged in words; Enter
// opens the detail; a run that fails on disk while the app is open becomes a message in
// the status bar, with a bell only when --bell asked for one.

import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {BEL} from '../../source/live/alert-sink.js';
import {FileStore} from '../../source/store/file/file-store.js';
import {displayWidth} from '../../source/text/width.js';
import {App} from '../../source/ui/App.js';
import {makeTheme} from '../../source/ui/theme.js';
import type {ChangeSource} from '../../source/store/file/watch/change-source.js';
import {runMeta, writeExperiment, writeRun} from '../helpers/store-builder.js';
import {ManualSource} from './helpers/manual-source.js';
import {KEY, renderApp, setSize, stripAnsi, waitFor} from './helpers/render-app.js';

const LIVE_VISION = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const STUCK = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
const DONE = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3';
const LIVE_NLP = 'd4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4';
const FAILED_BEFORE = 'e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5';
const MINUTE = 60_000;

const roots: string[] = [];

/** Two experiments: vision (a live run, one quiet for 40 minutes, a finished one), nlp (a live run, one that failed before the app opened). */
function buildStore() {
	const root = join(mkdtempSync(join(tmpdir(), 'mlwatch-running-')), 'mlruns');
	roots.push(dirname(root));
	const now = Date.now();
	const experimentMeta = (id: string, name: string) => [`artifact_location: file:///nowhere/mlruns/${id}`, `creation_time: ${now}`, `experiment_id: '${id}'`, `last_update_time: ${now}`, 'lifecycle_stage: active', `name: ${name}`].join('\n');
	// Every 10 s up to `lastAgo` ms ago.
	const points = (lastAgo: number, values: number[]) => values.map((value, step) => `${now - lastAgo - (values.length - 1 - step) * 10_000} ${value} ${step}`).join('\n') + '\n';
	const vision = writeExperiment(root, '1', experimentMeta('1', 'vision'));
	const nlp = writeExperiment(root, '2', experimentMeta('2', 'nlp'));
	const liveMeta = (status: number, end?: number) => runMeta({runId: LIVE_VISION, experimentId: '1', name: 'live-vision', status, start: now - 10 * MINUTE, ...(end ? {end} : {})});
	const live = writeRun(vision, LIVE_VISION, {meta: liveMeta(1), metrics: {loss: points(2000, [0.9, 0.7, 0.5])}});
	writeRun(vision, STUCK, {meta: runMeta({runId: STUCK, experimentId: '1', name: 'stuck-loader', status: 1, start: now - 90 * MINUTE}), metrics: {loss: points(40 * MINUTE, [0.8, 0.6, 0.4])}});
	writeRun(vision, DONE, {meta: runMeta({runId: DONE, experimentId: '1', name: 'done-run', status: 3, start: now - 60 * MINUTE, end: now - 30 * MINUTE}), metrics: {loss: points(30 * MINUTE, [0.3, 0.2])}});
	writeRun(nlp, LIVE_NLP, {meta: runMeta({runId: LIVE_NLP, experimentId: '2', name: 'live-nlp', status: 1, start: now - 5 * MINUTE}), metrics: {accuracy: points(1000, [0.5, 0.6, 0.75])}});
	writeRun(nlp, FAILED_BEFORE, {meta: runMeta({runId: FAILED_BEFORE, experimentId: '2', name: 'failed-before', status: 4, start: now - 20 * MINUTE, end: now - 15 * MINUTE}), metrics: {accuracy: points(15 * MINUTE, [0.1, Number.NaN])}});
	const failLive = () => {
		writeFileSync(join(live, 'meta.yaml'), liveMeta(4, Date.now()));
		return join(live, 'meta.yaml');
	};
	return {root, failLive};
}

/** The App with --bell or not, at 80x24 without colours, and what was written to its stdout. */
function renderWithAlerts(root: string, source: ChangeSource, bell: boolean) {
	const store = new FileStore(root);
	const app = render(<App store={store} feed={store.followWith(source)} theme={makeTheme({ascii: false, env: {NO_COLOR: '1'}})} bell={bell} />);
	setSize(app.stdout, 80, 24);
	const screen = () => stripAnsi(app.lastFrame() ?? '');
	return {
		...app,
		screen,
		written: () => app.frames.join(''),
		async see(text: string | RegExp): Promise<string> {
			const found = () => (typeof text === 'string' ? screen().includes(text) : text.test(screen()));
			await waitFor(found, String(text)).catch((error: Error) => {
				throw new Error(`${error.message}\n--- screen ---\n${screen()}`);
			});
			return screen();
		},
	};
}

afterEach(() => cleanup());
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, {recursive: true, force: true});
});

describe('running now', () => {
	it('lists the running runs of every experiment, worst first, the stalled one flagged in words, within 80x24', async () => {
		const {root} = buildStore();
		const app = renderApp(root, {experimentId: '1'});
		await app.see('live-vision');
		await app.press('R');
		const screen = await app.see(/Running now.*3 running · 1 stalled/);
		const rows = app.lines().filter((line) => /live-vision|stuck-loader|live-nlp/.test(line));
		expect(rows).toHaveLength(3);
		expect(rows[0]).toMatch(/stalled\s+stuck-loader\s+vision\s+1h30m\S*\s+40m ago\s+loss\s+0\.4/);
		// Live runs in a steady order (by experiment), not reshuffled by every write.
		expect(rows[1]).toMatch(/live\s+live-nlp\s+nlp\s+5m\S*\s+\d+s ago\s+accuracy\s+0\.75/);
		expect(rows[2]).toMatch(/live\s+live-vision\s+vision\s+10m\S*\s+\d+s ago\s+loss\s+0\.5/);
		// Finished and failed runs are not running.
		expect(screen).not.toContain('done-run');
		expect(screen).not.toContain('failed-before');
		expect(app.overflow(80)).toEqual([]);
		expect(app.lines().length).toBeLessThanOrEqual(24);
	});

	it('fits at 120x40 too, and the help screen lists its keys', async () => {
		const {root} = buildStore();
		const app = renderApp(root, {columns: 120, rows: 40});
		await app.see('vision');
		await app.press('6');
		await app.see(/Running now.*3 running/);
		expect(app.overflow(120)).toEqual([]);
		await app.press('?');
		await app.see(/6 R\s+running now/);
		await app.press('G');
		await app.see(/Running now\n.*Enter l .*open the run under the cursor/);
	});

	it('moves with j/k and opens the run under the cursor with Enter, from any experiment; Esc comes back', async () => {
		const {root} = buildStore();
		const app = renderApp(root, {experimentId: '1'});
		await app.see('live-vision');
		await app.press('R');
		await app.see('3 running');
		await app.press(KEY.enter);
		// The first row: the stalled run, which the detail calls stalled too.
		await app.see(/Run · stuck-loader[\s\S]*STALLED: last write/);
		await app.press(KEY.esc);
		await app.see('3 running');
		await app.press('G');
		await waitFor(() => app.selected()?.includes('live-vision') === true, `the cursor on live-vision\n${app.screen()}`);
		await app.press('k');
		await waitFor(() => app.selected()?.includes('live-nlp') === true, 'the cursor on live-nlp');
		await app.press(KEY.enter);
		// A run of another experiment than the one selected in the runs pane.
		await app.see(/Run · live-nlp[\s\S]*in nlp/);
	});
	it('keeps the cursor on its run when a new running run comes in above it', async () => {
		const {root} = buildStore();
		const source = new ManualSource();
		const app = renderApp(root, {experimentId: '1', source});
		await app.see('live-vision');
		await app.press('R');
		await app.see('3 running');
		await app.press('G');
		await waitFor(() => app.selected()?.includes('live-vision') === true, `the cursor on live-vision\n${app.screen()}`);
		// A new run in nlp sorts above live-vision (live runs go by experiment).
		const now = Date.now();
		const dir = writeRun(join(root, '2'), 'f6'.repeat(16), {meta: runMeta({runId: 'f6'.repeat(16), experimentId: '2', name: 'new-nlp', status: 1, start: now - MINUTE}), metrics: {accuracy: `${now - 1000} 0.5 0\n`}});
		source.emit([dir]);
		await app.see('4 running');
		expect(app.selected()).toContain('live-vision');
		await app.press(KEY.enter);
		await app.see(/Run · live-vision/);
	});
});

describe('alerts in the TUI', () => {
	it('says nothing about what had already ended, then flashes a run that fails and rings the bell with --bell', async () => {
		const {root, failLive} = buildStore();
		const source = new ManualSource();
		const app = renderWithAlerts(root, source, true);
		await app.see('vision');
		app.stdin.write('R');
		await app.see('3 running');
		// A change that ends nothing: the first look was only a baseline.
		source.emit([root]);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(app.screen()).not.toMatch(/failed-before|finished|failed/);
		expect(app.written()).not.toContain(BEL);

		source.emit([failLive()]);
		const screen = await app.see("run 'live-vision' failed");
		expect(app.written()).toContain(BEL);
		// And it has left the running list.
		await app.see('2 running');
		expect(screen.split('\n').filter((line) => displayWidth(line) > 80)).toEqual([]);
	});

	it('flashes without a bell when --bell was not given', async () => {
		const {root, failLive} = buildStore();
		const source = new ManualSource();
		const app = renderWithAlerts(root, source, false);
		await app.see('vision');
		app.stdin.write('R');
		await app.see('3 running');
		// Time for the first look (the baseline), which queues behind what is on screen.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		source.emit([failLive()]);
		await app.see("run 'live-vision' failed");
		expect(app.written()).not.toContain(BEL);
	});
});
