// The pieces behind y, o, e and /, without a terminal: what counts as a filter
// expression, the escape sequences a copy sends, where a run's page is opened, what an
// export file holds, and how a sparkline keeps to its metric when columns scroll.

import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {toCsv, toJson, toMarkdown, type ExportTable} from '../../source/ui/export/export-table.js';
import {writeExport} from '../../source/ui/export/write-export.js';
import {fitColumns, type ColumnSpec} from '../../source/ui/model/fit-columns.js';
import {parseSearch} from '../../source/ui/model/search-query.js';
import {columnsInfo} from '../../source/ui/screens/runs/RunsView.js';
import {clipboardCaveat, copyToClipboard, osc52, tmuxPassthrough} from '../../source/ui/terminal/clipboard.js';
import {openPlan, runPageUrl} from '../../source/ui/terminal/open-url.js';
import {corpusStore, hasCorpus} from '../helpers/paths.js';

const scratch = mkdtempSync(join(tmpdir(), 'mlwatch-services-'));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

describe('what / was given', () => {
	it('reads words as a name search and MLflow expressions as filters', () => {
		expect(parseSearch('sgd')).toEqual({kind: 'text', needle: 'sgd'});
		expect(parseSearch('  YOLO v8 ')).toEqual({kind: 'text', needle: 'yolo v8'});
		expect(parseSearch('yolov8n.pt').kind).toBe('text');
		expect(parseSearch('').kind).toBe('none');
		expect(parseSearch("metrics.rmse < 0.8 and params.lr = '0.01'").kind).toBe('expression');
		expect(parseSearch("run_name LIKE '%sweep%'").kind).toBe('expression');
	});

	it('keeps the caret error for text that plainly means to be an expression', () => {
		for (const text of ['metrics.rmse <', 'params.lr = ', "tags.owner = 'bob", 'rmse > 0.5', "status IN ('FAILED'"]) {
			const query = parseSearch(text);
			expect(query.kind, text).toBe('error');
		}
		const query = parseSearch('  metrics.rmse <');
		expect(query.kind === 'error' && query.error.position).toBe(16);
	});

	it('has no grammar where MLflow has none: everything is text', () => {
		expect(parseSearch('metrics.x < 1', false)).toEqual({kind: 'text', needle: 'metrics.x < 1'});
	});
});

describe('y: copying through the terminal', () => {
	it('sends OSC 52 with the text in base64', async () => {
		const written: string[] = [];
		const result = await copyToClipboard('36fef05c', {env: {}, write: (data) => written.push(data)});
		expect(written).toEqual(['\u001b]52;c;MzZmZWYwNWM=\u0007']);
		expect(result).toEqual({via: 'with OSC 52'});
	});

	it('inside tmux, loads a tmux buffer (which forwards it), and falls back to both escapes on an old tmux', async () => {
		const written: string[] = [];
		const loaded: string[] = [];
		expect(await copyToClipboard('id', {env: {TMUX: '/tmp/t,1,0'}, write: (data) => written.push(data), tmuxLoad: async (text) => loaded.push(text) > 0})).toEqual({via: 'through tmux'});
		expect(loaded).toEqual(['id']);
		expect(written).toEqual([]);
		const fallback = await copyToClipboard('id', {env: {TMUX: '/tmp/t,1,0'}, write: (data) => written.push(data), tmuxLoad: async () => false});
		expect(written[0]).toBe(tmuxPassthrough(osc52('id')) + osc52('id'));
		expect(written[0]).toContain('\u001bPtmux;\u001b\u001b]52;c;aWQ=\u0007\u001b\\');
		expect(fallback.caveat).toMatch(/set-clipboard on/);
	});

	it('says which terminals ignore it', () => {
		expect(clipboardCaveat({TERM_PROGRAM: 'Apple_Terminal'})).toMatch(/macOS Terminal/);
		expect(clipboardCaveat({VTE_VERSION: '7600'})).toMatch(/GNOME Terminal/);
		expect(clipboardCaveat({TERM_PROGRAM: 'iTerm.app'})).toBeUndefined();
		expect(clipboardCaveat({TERM: 'xterm-kitty'})).toBeUndefined();
	});
});

describe("o: a run's page in the web UI", () => {
	it("is MLflow's #/experiments/<exp>/runs/<run> under the server's address", () => {
		expect(runPageUrl('http://127.0.0.1:5001/', '5967', 'abc')).toBe('http://127.0.0.1:5001/#/experiments/5967/runs/abc');
		expect(runPageUrl('http://tracking:5000', '1', 'r')).toBe('http://tracking:5000/#/experiments/1/runs/r');
	});

	it('opens a browser on a desktop, shows the URL over SSH or without a display', () => {
		const url = 'http://127.0.0.1:5000/';
		expect(openPlan(url, {DISPLAY: ':0'}, 'linux')).toEqual({kind: 'browser', command: 'xdg-open', args: [url]});
		expect(openPlan(url, {WAYLAND_DISPLAY: 'wayland-0'}, 'linux').kind).toBe('browser');
		expect(openPlan(url, {}, 'darwin')).toEqual({kind: 'browser', command: 'open', args: [url]});
		expect(openPlan(url, {DISPLAY: ':0', SSH_CONNECTION: '1.2.3.4 5 6.7.8.9 22'}, 'linux')).toEqual({kind: 'show', reason: 'ssh'});
		expect(openPlan(url, {}, 'linux')).toEqual({kind: 'show', reason: 'no-desktop'});
	});
});

describe('e: what an export holds', () => {
	const table: ExportTable = {title: 'runs of wine', kind: 'runs', subject: 'wine', columns: ['run_id', 'run_name', 'metrics.rmse', 'params.note'], rows: [['a1', 'base, "v2"', 0.5, '=cmd()'], ['b2', undefined, Number.NaN, 'multi\nline']]};

	it('CSV: quoted where needed, formulas defused, NaN spelled out', () => {
		expect(toCsv(table)).toBe('run_id,run_name,metrics.rmse,params.note\r\na1,"base, ""v2""",0.5,\'=cmd()\r\nb2,,NaN,"multi\nline"\r\n');
	});

	it('JSON: one object per row, NaN as MLflow writes it, missing as null', () => {
		const json = JSON.parse(toJson(table)) as {rows: Array<Record<string, unknown>>};
		expect(json.rows[1]).toEqual({run_id: 'b2', run_name: null, 'metrics.rmse': 'NaN', 'params.note': 'multi\nline'});
	});

	it('Markdown: a table, pipes escaped, numbers right-aligned', () => {
		const md = toMarkdown({...table, rows: [['a|1', 'x', 0.5, '']]});
		expect(md).toContain('| run_id | run_name | metrics.rmse | params.note |');
		expect(md).toContain('| --- | --- | ---: | --- |');
		expect(md).toContain('| a\\|1 | x | 0.5 |  |');
	});

	it('never overwrites: a second export in the same second gets its own name', () => {
		const folder = mkdtempSync(join(scratch, 'twice-'));
		const now = new Date(2026, 0, 2, 3, 4, 5);
		const store = {kind: 'file' as const, uri: 'file:///nowhere/mlruns', label: 'x', localPath: '/nowhere/mlruns'};
		const first = writeExport(table, 'csv', {cwd: folder, store, now});
		const second = writeExport(table, 'csv', {cwd: folder, store, now});
		expect(first).toEqual({written: join(folder, 'mlwatch-runs-wine-20260102-030405.csv')});
		expect(second).toEqual({written: join(folder, 'mlwatch-runs-wine-20260102-030405-2.csv')});
		expect(readdirSync(folder)).toHaveLength(2);
		expect(readFileSync(join(folder, readdirSync(folder)[0]!), 'utf8')).toContain('run_id,run_name');
	});

	it.skipIf(!hasCorpus)('refuses a folder inside the store, and any file store above it', () => {
		const root = corpusStore('jeffc05__learning_mlops');
		const store = {kind: 'file' as const, uri: `file://${root}`, label: 'jeff', localPath: root};
		expect(writeExport(table, 'csv', {cwd: join(root, '510851129115464979'), store})).toEqual({refused: expect.stringContaining('inside the store') as unknown as string});
		expect(writeExport(table, 'csv', {cwd: join(root, '510851129115464979'), store: {kind: 'rest', uri: 'http://x', label: 'x'}})).toEqual({refused: expect.stringContaining('inside the store') as unknown as string});
	});
});

describe('columns scrolled sideways', () => {
	const spec = (id: string, ideal: number, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({id, header: id, ideal, min: 4, ...extra});
	const specs = [spec('name', 10, {frozen: true}), spec('metric', 8), spec('spark', 12, {attach: true}), spec('a', 8), spec('b', 8), spec('c', 8)];

	it('moves a sparkline with its metric: never shown alone, counted with it', () => {
		const start = fitColumns(specs, 45, 0);
		expect(start.columns.map((column) => column.id)).toEqual(['name', 'metric', 'spark', 'a']);
		expect(start.units).toBe(4);
		const scrolled = fitColumns(specs, 45, 1);
		expect(scrolled.columns.map((column) => column.id)).toEqual(['name', 'a', 'b', 'c']);
		expect(scrolled.hiddenLeft).toBe(1);
	});

	it('says which columns show, with arrows where more are hidden', () => {
		expect(columnsInfo(0, 3, 10)).toBe('cols 1-7 of 10 →');
		expect(columnsInfo(2, 0, 10)).toBe('← cols 3-10 of 10');
		expect(columnsInfo(1, 1, 10)).toBe('← cols 2-9 of 10 →');
	});
});
