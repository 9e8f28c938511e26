// The keys a lazygit or k9s user reaches for, as they would use them: / as a plain name
// search in every list (an MLflow filter still works in the runs), y to copy (OSC 52, or
// through tmux), o for the web UI, e to export what is on screen, and the runs table's
// sideways scroll keeping a sparkline with its metric.

import {chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cleanup} from 'ink-testing-library';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {hashTree} from '../helpers/tree-hash.js';
import {KEY, renderApp, waitFor} from './helpers/render-app.js';

const DAN = corpusStore('Dan-Irl__mlflow-testing');
const YOLO = '596793538227028894';
const JEFF = corpusStore('jeffc05__learning_mlops');
const SGD = '2131d384168c44b4ad18ca0899fcd51d';

const scratch = mkdtempSync(join(tmpdir(), 'mlwatch-keys-'));
afterEach(() => cleanup());
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

const osc52 = (text: string) => `\u001b]52;c;${Buffer.from(text).toString('base64')}\u0007`;

async function type(app: ReturnType<typeof renderApp>, text: string): Promise<void> {
	for (const char of text) await app.press(char);
}

describe.skipIf(!hasCorpus)('/ searches every list', () => {
	it('finds runs by a word of their name, where MLflow\'s grammar would say "unknown attribute"', async () => {
		const app = renderApp(DAN, {experimentId: YOLO});
		await app.see('sgdtest3');
		await app.press('/');
		await type(app, 'sgd');
		const typing = await app.see('1 of 4 runs contain it');
		expect(typing).not.toMatch(/unknown|\^/);
		await app.press(KEY.enter);
		const shown = await app.see('search: sgd');
		expect(shown).toContain('1 of 4 runs');
		expect(shown).toContain('sgdtest3');
		expect(shown).not.toContain('adamtest');
	});

	it('searches experiments, and the params of a run with 105 of them', async () => {
		const app = renderApp(DAN, {columns: 100, rows: 30});
		await app.see('/Shared/YOLOv8');
		await app.press('/');
		await type(app, 'yolo');
		await app.press(KEY.enter);
		const experiments = await app.see('search: yolo');
		expect(experiments).not.toMatch(/^\s*Default\b/m);
		await app.press(KEY.enter, KEY.enter, 'l');
		await app.see('Params 105');
		await app.press('/');
		await type(app, 'lr');
		await app.press(KEY.enter);
		const params = await app.see(/search: lr · \d+ of 105/);
		expect(params).toMatch(/lr0\s/);
		expect(params).toMatch(/warmup_bias_lr/);
		expect(params).not.toMatch(/agnostic_nms/);
	});

	it('keeps MLflow filters in the runs list, with the caret under a mistake', async () => {
		const app = renderApp(JEFF, {experimentId: '510851129115464979'});
		await app.see('sincere-rook-118');
		await app.press('/');
		await type(app, 'metrics.eval_rmse <');
		await app.see(/\^ .*value/);
		await type(app, ' 0.76');
		await app.see('of 18 runs match the filter');
	});
});

describe.skipIf(!hasCorpus)('y copies', () => {
	it("copies the selected run's id with OSC 52, and says what it copied", async () => {
		const app = renderApp(DAN, {experimentId: YOLO});
		await app.see('sgdtest3');
		await app.select('sgdtest3');
		await app.press('y');
		await app.see(`Copied sgdtest3's id with OSC 52: ${SGD}`);
		expect(app.written()).toContain(osc52(SGD));
	});

	it('copies the value under the cursor in the run detail', async () => {
		const app = renderApp(DAN, {experimentId: YOLO});
		await app.select('sgdtest3');
		await app.press(KEY.enter, 'l');
		await app.see('Params 105');
		await app.press('/');
		await type(app, 'optimizer');
		await app.press(KEY.enter, 'y');
		await app.see('Copied optimizer with OSC 52: SGD');
		expect(app.written()).toContain(osc52('SGD'));
	});

	it('goes through tmux inside tmux (its buffer, and on to the terminal), where a bare OSC 52 is dropped', async () => {
		const bin = join(scratch, 'bin');
		const out = join(scratch, 'tmux-buffer');
		rmSync(bin, {recursive: true, force: true});
		rmSync(out, {force: true});
		writeFileSync(join(scratch, 'tmux'), '');
		const {mkdirSync} = await import('node:fs');
		mkdirSync(bin);
		writeFileSync(join(bin, 'tmux'), `#!/bin/sh\n[ "$1 $2 $3" = "load-buffer -w -" ] && cat > "${out}"\n`);
		chmodSync(join(bin, 'tmux'), 0o755);
		const app = renderApp(DAN, {experimentId: YOLO, env: {TMUX: '/tmp/tmux-0/default,1,0', PATH: `${bin}:${process.env['PATH'] ?? ''}`}});
		await app.select('sgdtest3');
		await app.press('y');
		await app.see(`Copied sgdtest3's id through tmux: ${SGD}`);
		expect(readFileSync(out, 'utf8')).toBe(SGD);
		expect(app.written()).not.toContain('\u001b]52;');
	});

	it('warns where the terminal is known to ignore OSC 52', async () => {
		const app = renderApp(DAN, {experimentId: YOLO, env: {VTE_VERSION: '7200'}, columns: 160});
		await app.see('sgdtest3');
		await app.press('y');
		await app.see(/but GNOME Terminal and other VTE terminals ignore OSC 52 copies: [0-9a-f]{32}/);
	});
});

describe.skipIf(!hasCorpus)('o opens the run in the web UI', () => {
	it('says to start the web UI first when it is not running', async () => {
		const app = renderApp(DAN, {experimentId: YOLO});
		await app.see('sgdtest3');
		await app.press('o');
		await app.see('The web UI is not running: W starts it, then o opens the run there.');
	});
});

describe.skipIf(!hasCorpus)('e exports what is on screen', () => {
	it('writes the searched, sorted runs as CSV into the current folder and says where', async () => {
		const folder = mkdtempSync(join(scratch, 'csv-'));
		const app = renderApp(DAN, {experimentId: YOLO, cwd: folder});
		await app.see('sgdtest3');
		await app.press('/');
		await type(app, 'test');
		await app.press(KEY.enter, 's');
		await app.see('Sort runs by');
		await app.press('j', KEY.enter);
		await app.see('by name');
		await app.press('e');
		await app.see(/Export as\s+c CSV\s+j JSON\s+m Markdown/);
		await app.press('c');
		const said = await app.see(/Wrote 4 rows \(CSV\) to \.\/mlwatch-runs-shared-yolov8-test-\d{8}-\d{6}\.csv/);
		const [file] = readdirSync(folder);
		expect(said).toContain(`./${file!}`);
		const lines = readFileSync(join(folder, file!), 'utf8').trim().split(/\r?\n/);
		expect(lines[0]).toMatch(/^run_id,run_name,status,parent_run_id,start_time,duration_s,metrics\.metrics\/mAP50-95B,/);
		expect(lines[0]).toContain('params.optimizer');
		// In the order on screen: by name.
		expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['adamaxtest', 'adamtest', 'sgdtest3', 'testrun1']);
		expect(lines[3]).toContain('0.2908161901572039');
	});

	it('writes the comparison with only the params that differ, as Markdown', async () => {
		const folder = mkdtempSync(join(scratch, 'md-'));
		const app = renderApp(DAN, {experimentId: YOLO, cwd: folder, columns: 100, rows: 30});
		await app.see('sgdtest3');
		await app.press(KEY.space, KEY.space, 'c');
		await app.see('Compare · 2 runs');
		await app.press('e', 'm');
		await app.see(/Wrote \d+ rows \(MD\)/);
		const text = readFileSync(join(folder, readdirSync(folder)[0]!), 'utf8');
		expect(text).toMatch(/^# comparison of 2 runs \(params that differ\)/);
		expect(text).toMatch(/\| params \| optimizer \| Adamax \| Adam \|/);
		expect(text).not.toContain('agnostic_nms');
		expect(text).toMatch(/\| metrics \| metrics\/mAP50-95B \| 0\.266911\d* \| 0\.198853\d* \|/);
	});

	it('refuses to write inside the store', async () => {
		const before = hashTree(DAN);
		const inside = join(DAN, YOLO);
		const app = renderApp(DAN, {experimentId: YOLO, cwd: inside});
		await app.see('sgdtest3');
		await app.press('e', 'j');
		await app.see(/Not exported: the current folder is inside the store/);
		expect(hashTree(DAN)).toBe(before);
	});
});

describe.skipIf(!hasCorpus)('the runs table, scrolled sideways', () => {
	it('takes the sparkline along with its metric and says which columns show', async () => {
		const app = renderApp(DAN, {experimentId: YOLO});
		const first = await app.see((screen) => /cols 1-\d+ of \d+ →/.test(screen) && screen.includes('▁▄▅███'));
		expect(first).toMatch(/metrics\/mAP50/);
		await app.press(']');
		const scrolled = await app.see(/← cols 2-\d+ of \d+ →/);
		expect(scrolled).not.toMatch(/▁▄▅███/);
		expect(scrolled).not.toMatch(/cols \d+-\d+\/\d+\]/);
		// Pressed fast, ] still stops at the last column.
		app.stdin.write(']]]]]]]]]]]]]]]]]]]]]]]]]]]]]]');
		await app.see('No more columns to the right.');
		await waitFor(() => /cols \d+-(\d+) of \1\b/.test(app.screen()), 'the last column in view');
	});
});

describe.skipIf(!hasCorpus)('the comparison uses the width', () => {
	it('shows whole experiment names at 160 columns', async () => {
		const app = renderApp(JEFF, {columns: 160, rows: 45});
		await app.see('MLflow Tracking Quickstart');
		await app.press('j', 'j', KEY.enter);
		await app.see('suave-sow-132');
		await app.press(KEY.space, '1', 'k', 'k', KEY.enter);
		await app.see('sincere-rook-118');
		await app.press(KEY.space, 'c');
		const screen = await app.see('Compare · 2 runs');
		expect(screen).toMatch(/experiment\s+MLflow Tracking Quickstart\s+MLflow Run Comparison Quickstart/);
		expect(app.overflow(160)).toEqual([]);
		expect(existsSync(scratch)).toBe(true);
	});
});
