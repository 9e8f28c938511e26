// The UI on real corpus stores, driven by keys: experiments, runs, detail, filter, sort,
// help, at 80x24 and 200x50, and never a line wider than the terminal.

import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {keymap} from '../../source/ui/keymap.js';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {hashTree} from '../helpers/tree-hash.js';
import {KEY, renderApp, setSize} from './helpers/render-app.js';

const JEFF = corpusStore('jeffc05__learning_mlops');
const QUICKSTART = '510851129115464979';

afterEach(() => cleanup());

describe.skipIf(!hasCorpus)('browsing a store', () => {
	it('lists experiments with their run counts, then opens one on Enter', async () => {
		const app = renderApp(JEFF);
		await app.see('MLflow Run Comparison Quickstart');
		// Counting runs happens in the background after the list is shown.
		await app.see((screen) => /MLflow Run Comparison Quickstart\s+18\b/.test(screen));
		await app.press(KEY.enter);
		const runs = await app.see('18 runs');
		expect(runs).toContain('Runs · MLflow Run Comparison Quickstart');
		expect(runs).toContain('sincere-rook-118');
		expect(runs).toMatch(/eval_rmse/);
		expect(runs).toMatch(/\blr\b/);
		expect(app.overflow(80)).toEqual([]);
	});

	it('opens on the experiment given with --experiment, with children nested and foldable', async () => {
		const app = renderApp(JEFF, {experimentId: QUICKSTART, rows: 30});
		const screen = await app.see('sincere-rook-118');
		expect(screen).toMatch(/▾ sincere-rook-118/);
		expect(screen).toMatch(/└─ \S+/);
		await app.press('f');
		const folded = await app.see('(+8)');
		expect(folded).toMatch(/▸ sincere-rook-118 \(\+8\)/);
		expect(folded.split('\n').filter((line) => /[├└]─/.test(line))).toHaveLength(8);
	});

	it('filters with the MLflow grammar, showing a syntax error inline with a caret', async () => {
		const app = renderApp(JEFF, {experimentId: QUICKSTART});
		await app.see('sincere-rook-118');
		await app.press('/');
		for (const char of 'metrics.eval_rmse <') await app.press(char);
		const error = await app.see(/\^ .*value/);
		// The caret sits just after '<', where the value is missing.
		const lines = error.split('\n');
		const input = lines.find((line) => line.includes('/ metrics.eval_rmse <'))!;
		const caretLine = lines[lines.indexOf(input) + 1]!;
		expect(caretLine.indexOf('^')).toBe(input.indexOf('<') + 1);
		expect(error).toContain('sincere-rook-118');
		for (const char of ' 0.76') await app.press(char);
		await app.see('of 18 runs match');
		await app.press(KEY.enter);
		const filtered = await app.see('filter: metrics.eval_rmse < 0.76');
		expect(filtered).toMatch(/\b2 of 18 runs\b/);
		expect(filtered).toContain('nimble-sow-634');
		expect(filtered).not.toContain('serious-swan-0');
	});

	it('sorts by a metric chosen in the sort picker, then reverses', async () => {
		const app = renderApp(JEFF, {experimentId: QUICKSTART, rows: 30});
		await app.see('sincere-rook-118');
		await app.press('s');
		await app.see('Sort runs by');
		await app.press('j', 'j', 'j', 'j', KEY.enter);
		const sorted = await app.see('by eval_rmse');
		expect(sorted).toMatch(/eval_rmse▲/);
		await app.press('S');
		await app.see(/eval_rmse▼/);
	});

	it('opens a run: metrics with a chart, params, tags with mlflow.* behind a toggle', async () => {
		const app = renderApp(corpusStore('Dan-Irl__mlflow-testing'), {experimentId: '596793538227028894'});
		await app.see('sgdtest3');
		await app.press(KEY.enter);
		const detail = await app.see('Metrics 13');
		expect(detail).toContain('Params 105');
		expect(detail).toMatch(/metrics\/mAP50-95B/);
		await app.see(/against step/);
		await app.see(/┤/);
		await app.press('l');
		const params = await app.see('VALUE');
		expect(params).toMatch(/optimizer|agnostic_nms|amp/);
		expect(app.overflow(80)).toEqual([]);
	});

	it('takes every key of a burst (a held-down key, fast typing) one by one', async () => {
		const app = renderApp(JEFF, {experimentId: QUICKSTART, rows: 30});
		await app.see('sincere-rook-118');
		app.stdin.write('jjj');
		await app.see((screen) => screen.split('\n').some((line) => line.includes('›') && line.includes('casual-wolf-315')));
		app.stdin.write('  ');
		await app.see('2 marked');
		app.stdin.write('c');
		await app.see(/Compare · 2 runs[\s\S]*casual-wolf-315\s+nimble-sow-634/);
	});

	it('shows the help screen generated from the keymap', async () => {
		const app = renderApp(JEFF, {columns: 200, rows: 50});
		await app.see('Experiments');
		await app.press('?');
		const help = await app.see('Keys');
		for (const binding of keymap.filter((candidate) => candidate.context === 'global' || candidate.context === 'runs')) {
			expect(help).toContain(binding.description);
		}
		await app.press(KEY.esc);
		await app.see('MLflow Run Comparison Quickstart');
	});

	it('says why a key does nothing instead of ignoring it', async () => {
		const app = renderApp(JEFF);
		await app.see('MLflow Run Comparison Quickstart');
		await app.press('c');
		await app.see('Mark at least two runs with Space');
	});

	it('opens the health screen with H from anywhere', async () => {
		const app = renderApp(JEFF);
		await app.see('MLflow Run Comparison Quickstart');
		await app.press('H');
		await app.see((screen) => screen.includes('Health ·') && /\d+ ok, \d+ warnings?, \d+ failed/.test(screen));
		await app.press('\u001b');
		await app.see('MLflow Run Comparison Quickstart');
	});

	it('puts experiments and runs side by side on a wide screen and follows resizes', async () => {
		const app = renderApp(JEFF, {columns: 200, rows: 50});
		const wide = await app.see((screen) => screen.includes('sincere-rook-118') && screen.includes('Experiments'));
		const top = wide.split('\n')[1]!;
		expect(top).toMatch(/Experiments .*│ Runs · MLflow Run Comparison Quickstart/);
		expect(app.overflow(200)).toEqual([]);
		// The selected run's detail fills the lower part.
		await app.see('Run · ');
		setSize(app.stdout, 80, 24);
		await app.see((screen) => !screen.includes('│ Runs'));
		expect(app.lines().length).toBeLessThanOrEqual(23);
		expect(app.overflow(80)).toEqual([]);
	});

	it('leaves the store exactly as it was', async () => {
		const before = hashTree(JEFF);
		const app = renderApp(JEFF, {experimentId: QUICKSTART});
		await app.see('sincere-rook-118');
		await app.press(KEY.enter, 'l', 'l', 'l', KEY.esc, KEY.space, 'j', KEY.space, 'c');
		await app.see('Compare · 2 runs');
		await app.press('j', 'j', 'j', 'j', KEY.enter);
		await app.see('Chart · eval_rmse');
		app.unmount();
		expect(hashTree(JEFF)).toBe(before);
	});
});
