// Comparing marked runs as a person would: mark, compare, diff-only toggle, baseline
// deltas, which way is better, and the overlay chart with a legend per run.

import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {KEY, renderApp} from './helpers/render-app.js';

const DAN = corpusStore('Dan-Irl__mlflow-testing');
const YOLO = '596793538227028894';

afterEach(() => cleanup());

/** Marks the runs with these names in the runs list. */
async function markRuns(app: ReturnType<typeof renderApp>, names: string[]): Promise<void> {
	for (const name of names) {
		await app.select(name);
		await app.press(KEY.space);
		await app.see(`Marked ${name}`);
	}
}

describe.skipIf(!hasCorpus)('comparing runs', () => {
	it('shows only the params that differ among 105, with all of them one key away', async () => {
		const app = renderApp(DAN, {experimentId: YOLO, columns: 100, rows: 40});
		await app.see('sgdtest3');
		await markRuns(app, ['sgdtest3', 'adamtest']);
		await app.press('c');
		const diff = await app.see('Compare · 2 runs');
		expect(diff).toMatch(/Params: \d of 105 differ/);
		expect(diff).toMatch(/optimizer\s+SGD\s+Adam/);
		expect(diff).not.toMatch(/agnostic_nms/);
		await app.press('d');
		const all = await app.see(/Params \(105, \d differ\)/);
		expect(all).toContain('all params');
	});

	it('pins a baseline and shows the other run as deltas', async () => {
		const app = renderApp(DAN, {experimentId: YOLO, columns: 100, rows: 40});
		await app.see('sgdtest3');
		await markRuns(app, ['sgdtest3', 'adamtest']);
		await app.press('c');
		await app.see('Compare · 2 runs');
		await app.press('b');
		const pinned = await app.see('baseline sgdtest3');
		// adamtest's mAP50-95B is 0.1988…, sgdtest3's 0.2908…: a negative delta.
		expect(pinned).toMatch(/metrics\/mAP50-95B ▲\s+0\.29082\s+0\.19885 -0\.092/);
		await app.press('l', 'b');
		await app.see('baseline adamtest');
		await app.see(/0\.29082 \+0\.092\s+0\.19885/);
	});

	it('flips which way is better for the metric under the cursor', async () => {
		const app = renderApp(DAN, {experimentId: YOLO, columns: 100, rows: 40});
		await app.see('sgdtest3');
		await markRuns(app, ['sgdtest3', 'adamtest']);
		await app.press('c');
		await app.see('Compare · 2 runs');
		await app.press('j', 'j', 'j', 'j');
		const before = await app.see(/lr\/pg0 ▲/);
		expect(before).toMatch(/lr\/pg0 ▲/);
		await app.press('i');
		await app.see(/lr\/pg0 ▼/);
		await app.see('lr/pg0: lower is better');
	});

	it('charts a metric across the runs, a numbered line and a legend entry per run without colour', async () => {
		const app = renderApp(DAN, {experimentId: YOLO, columns: 100, rows: 40});
		await app.see('sgdtest3');
		await markRuns(app, ['sgdtest3', 'adamtest', 'testrun1']);
		await app.press('c');
		await app.see('Compare · 3 runs');
		await app.press('j', 'j', 'j', 'j', 'j', 'j', 'j', KEY.enter);
		await app.see(/Chart · metrics\/mAP50-95B \(4\/13\) · x: step/);
		const chart = await app.see(/┤/);
		const lines = chart.split('\n');
		const plot = lines.filter((line) => /┤|┼/.test(line)).map((line) => line.slice(line.search(/[┤┼]/) + 1)).join('');
		for (const digit of ['1', '2', '3']) expect(plot).toContain(digit);
		expect(chart).toMatch(/ 1 sgdtest3 · \/Shared\/YOLOv8 · last 0\.29082/);
		expect(chart).toMatch(/ 2 adamtest/);
		expect(chart).toMatch(/ 3 testrun1/);
		expect(chart).toMatch(/step 0/);
		await app.press('t');
		await app.see('time since each run started');
		await app.press('j');
		await app.see(/Chart · metrics\/mAP50B \(5\/13\)/);
		await app.press(KEY.esc);
		await app.see('Compare · 3 runs');
	});

	it('compares runs from different experiments', async () => {
		const app = renderApp(corpusStore('jeffc05__learning_mlops'), {columns: 100, rows: 40});
		await app.see('MLflow Tracking Quickstart');
		await app.press('j', 'j', KEY.enter);
		await app.see('suave-sow-132');
		await app.press(KEY.space);
		await app.see('Marked suave-sow-132');
		await app.press(KEY.esc, 'k', 'k', KEY.enter);
		await app.see('sincere-rook-118');
		await app.press(KEY.space, 'c');
		const screen = await app.see('Compare · 2 runs');
		expect(screen).toMatch(/experiment\s+MLflow Tracking Quick\S*\s+MLflow Run Comparison/);
		expect(screen).toMatch(/accuracy ▲\s+1\s+—/);
	});
});
