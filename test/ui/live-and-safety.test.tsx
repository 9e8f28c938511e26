// What the UI does as a store changes under it, with running runs that have gone quiet,
// with hostile text in names and tags, and on terminals without Unicode.

import {appendFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {cleanup} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {toAscii} from '../../source/ui/ascii-output.js';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {runMeta, tempStore, writeExperiment, writeRun} from '../helpers/store-builder.js';
import {ManualSource} from './helpers/manual-source.js';
import {KEY, renderApp} from './helpers/render-app.js';

const LIVE = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const DEAD = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
const EVIL = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3';

describe('a store that changes, quiet runs and hostile text', () => {
	let root = '';
	let liveLoss = '';
	const now = Date.now();
	beforeAll(() => {
		root = tempStore();
		const experiment = writeExperiment(root, '1', ['artifact_location: file:///nowhere/mlruns/1', `creation_time: ${now}`, "experiment_id: '1'", `last_update_time: ${now}`, 'lifecycle_stage: active', 'name: training'].join('\n'));
		const lines = (start: number, values: number[]) => values.map((value, step) => `${start + step * 1000} ${value} ${step}`).join('\n') + '\n';
		const live = writeRun(experiment, LIVE, {meta: runMeta({runId: LIVE, experimentId: '1', name: 'live-run', status: 1, start: now - 60_000}), metrics: {loss: lines(now - 50_000, [0.9, 0.7, 0.5])}});
		liveLoss = join(live, 'metrics', 'loss');
		const dead = writeRun(experiment, DEAD, {meta: runMeta({runId: DEAD, experimentId: '1', name: 'dead-run', status: 1, start: now - 3 * 86_400_000}), metrics: {loss: lines(now - 3 * 86_400_000, [0.8, 0.6])}, tags: {owner: 'bob'}});
		const old = new Date(now - 2 * 86_400_000);
		for (const file of ['meta.yaml', 'metrics/loss', 'tags/owner']) utimesSync(join(dead, file), old, old);
		writeRun(experiment, EVIL, {
			meta: runMeta({runId: EVIL, experimentId: '1', name: '"evil\\e]0;pwned\\a\\e[2Jname"', status: 3, start: now - 100_000, end: now - 90_000}),
			metrics: {loss: lines(now - 95_000, [0.4])},
			tags: {note: 'red \u001b[31malert\u001b[0m and a bell \u0007'},
		});
		writeFileSync(join(dirname(liveLoss), '..', 'params', 'lr'), '0.01');
	});
	afterAll(() => {
		if (root) rmSync(dirname(root), {recursive: true, force: true});
	});
	afterEach(() => cleanup());

	it('shows a new metric value after a change event, without a keypress', async () => {
		const source = new ManualSource();
		const app = renderApp(root, {experimentId: '1', source, columns: 100});
		await app.see(/live-run\s+0\.5\b/);
		appendFileSync(liveLoss, `${Date.now()} 0.123 3\n`);
		source.emit([liveLoss]);
		await app.see(/live-run\s+0\.123\b/);
	});

	it('tells a live run from one that stopped writing long ago', async () => {
		const app = renderApp(root, {experimentId: '1', columns: 120});
		const screen = await app.see('LAST WRITE');
		expect(screen).toMatch(/live-run .*\b\d+s ago/);
		// Quiet since its last recorded point (3 days), not since its files were touched (2 days).
		expect(screen).toMatch(/dead-run .*dead\? [23]d/);
		// Open the dead run: the detail says so in words too.
		await app.select('dead-run');
		await app.press(KEY.enter);
		await app.see('probably dead: last write');
	});

	it('neutralises control characters in names and tags', async () => {
		const app = renderApp(root, {experimentId: '1', columns: 120});
		await app.see('name');
		const raw = () => app.lastFrame() ?? '';
		expect(raw()).not.toContain('\u0007');
		expect(raw()).not.toContain('\u001b]0;');
		expect(app.screen()).toMatch(/evil␛\]0;pwned\\u0007␛\[2Jname/);
		await app.select('evil');
		await app.press(KEY.enter, 'l', 'l');
		const tags = await app.see('red ␛[31malert');
		expect(tags).toContain('\\u0007');
		expect(raw()).not.toContain('\u001b[31malert');
	});
});

describe('updates keep the user\'s place and cost nothing when nothing shown changed', () => {
	let root = '';
	let shownLoss = '';
	let otherLoss = '';
	let experimentDir = '';
	const start = 1790000000000;
	const meta = (id: string, name: string) => ['artifact_location: file:///nowhere/mlruns/' + id, `creation_time: ${start}`, `experiment_id: '${id}'`, `last_update_time: ${start}`, 'lifecycle_stage: active', `name: ${name}`].join('\n');
	const finished = (runId: string, experimentId: string, name: string, offset: number) => ({meta: runMeta({runId, experimentId, name, status: 3, start: start + offset, end: start + offset + 1000}), metrics: {loss: `${start + offset} 0.5 0\n${start + offset + 1} 0.25 1\n`}});
	beforeAll(() => {
		root = tempStore();
		experimentDir = writeExperiment(root, '1', meta('1', 'shown'));
		const other = writeExperiment(root, '2', meta('2', 'elsewhere'));
		shownLoss = join(writeRun(experimentDir, 'd4'.repeat(16), finished('d4'.repeat(16), '1', 'older-run', 0)), 'metrics', 'loss');
		writeRun(experimentDir, 'e5'.repeat(16), finished('e5'.repeat(16), '1', 'newer-run', 5000));
		otherLoss = join(writeRun(other, 'f6'.repeat(16), finished('f6'.repeat(16), '2', 'other-run', 0)), 'metrics', 'loss');
	});
	afterAll(() => {
		if (root) rmSync(dirname(root), {recursive: true, force: true});
	});
	afterEach(() => cleanup());

	it('keeps the cursor on its run when a new run appears above it', async () => {
		const source = new ManualSource();
		const app = renderApp(root, {experimentId: '1', source, columns: 100});
		// Newest first: the cursor starts on newer-run, no key pressed.
		await app.see(/›.*newer-run/);
		const dir = writeRun(experimentDir, 'a7'.repeat(16), finished('a7'.repeat(16), '1', 'newest-run', 9000));
		source.emit([dir]);
		const screen = await app.see('3 runs');
		expect(screen).toMatch(/newest-run[\s\S]*›.*newer-run/);
		rmSync(dir, {recursive: true, force: true});
	});

	it('draws no frame for a change to a run that is not on screen, and the new value for one that is', async () => {
		const source = new ManualSource();
		const app = renderApp(root, {experimentId: '1', source, columns: 100});
		await app.see(/older-run\s+0\.25\b/);
		// Settled: the first reads (runs, experiment counts) have all drawn.
		let settled = -1;
		while (settled !== app.frames.length) {
			settled = app.frames.length;
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
		appendFileSync(otherLoss, `${start + 2} 0.125 2\n`);
		source.emit([otherLoss]);
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(app.frames.length).toBe(settled);
		appendFileSync(shownLoss, `${start + 2} 0.125 2\n`);
		source.emit([shownLoss]);
		await app.see(/older-run\s+0\.125\b/);
	});
});

describe.skipIf(!hasCorpus)('--ascii', () => {
	afterEach(() => cleanup());

	it('draws runs, sparklines, charts and the comparison with ASCII only', async () => {
		const app = renderApp(corpusStore('Dan-Irl__mlflow-testing'), {experimentId: '596793538227028894', ascii: true, columns: 100, rows: 30});
		// What reaches the terminal: the output stream applies toAscii (see tui.tsx).
		const ascii = (screen: string) => expect(toAscii(screen).split('\n').filter((line) => !/^[\x20-\x7e]*$/.test(line))).toEqual([]);
		ascii(await app.see('sgdtest3'));
		await app.press(KEY.enter);
		ascii(await app.see(/against step[\s\S]*\|/));
		await app.press(KEY.esc, KEY.space, KEY.space, 'c');
		await app.see('Compare · 2 runs');
		await app.press('j', 'j', 'j', 'j', 'j', 'j', 'j', KEY.enter);
		ascii(await app.see(/Chart .*\n[\s\S]*\|/));
	});
});
