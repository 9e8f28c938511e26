// Enter on an artifact: text scrolls in a pane, a PNG is drawn in half blocks (a ramp of
// characters without colour), a binary or huge file gets its size and type. The PNG
// decoder is checked pixel by pixel on files written for the test, and on a real plot.

import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {cleanup} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {FileStore} from '../../source/store/file/file-store.js';
import {displayWidth} from '../../source/text/width.js';
import {fitSize, imageCells, xterm256} from '../../source/ui/screens/artifact/image-cells.js';
import {decodePng, pngHeader} from '../../source/ui/screens/artifact/png.js';
import {readPreview} from '../../source/ui/screens/artifact/preview.js';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {hashTree} from '../helpers/tree-hash.js';
import {runMeta, tempStore, writeExperiment, writeRun} from '../helpers/store-builder.js';
import {encodePng} from './helpers/png-encode.js';
import {KEY, renderApp, stripAnsi} from './helpers/render-app.js';

const RUN = 'a1'.repeat(16);

/** A 40x20 picture: left half black, right half white. */
const halves = encodePng({width: 40, height: 20, colorType: 2, pixel: (x) => (x < 20 ? [0, 0, 0] : [255, 255, 255]), filter: 4});

describe('the PNG decoder', () => {
	const gradient = (x: number, y: number) => [(x * 37) & 0xff, (y * 53) & 0xff, (x * y) & 0xff];
	for (const filter of [0, 1, 2, 3, 4]) {
		it(`undoes row filter ${filter}`, () => {
			const image = decodePng(encodePng({width: 9, height: 7, colorType: 2, pixel: gradient, filter}));
			for (const [x, y] of [[0, 0], [8, 6], [3, 4]] as const) expect([...image.data.subarray((y * 9 + x) * 4, (y * 9 + x) * 4 + 4)]).toEqual([...gradient(x, y), 255]);
		});
	}

	it('reads grey, grey+alpha, RGBA, a palette with transparency, and interlaced files', () => {
		const grey = decodePng(encodePng({width: 3, height: 2, colorType: 0, pixel: (x) => [x * 100]}));
		expect([...grey.data.subarray(8, 12)]).toEqual([200, 200, 200, 255]);
		const greyAlpha = decodePng(encodePng({width: 2, height: 2, colorType: 4, pixel: () => [50, 128]}));
		expect([...greyAlpha.data.subarray(0, 4)]).toEqual([50, 50, 50, 128]);
		const rgba = decodePng(encodePng({width: 2, height: 1, colorType: 6, pixel: (x) => [1, 2, 3, x * 255]}));
		expect([...rgba.data]).toEqual([1, 2, 3, 0, 1, 2, 3, 255]);
		const palette = decodePng(encodePng({width: 2, height: 1, colorType: 3, pixel: (x) => [x], palette: [[255, 0, 0], [0, 0, 255]], transparency: [0]}));
		expect([...palette.data]).toEqual([255, 0, 0, 0, 0, 0, 255, 255]);
		const interlaced = decodePng(encodePng({width: 11, height: 9, colorType: 2, pixel: gradient, interlace: true}));
		expect(pngHeader(encodePng({width: 11, height: 9, colorType: 2, pixel: gradient, interlace: true})).interlaced).toBe(true);
		for (const [x, y] of [[0, 0], [10, 8], [5, 3], [7, 1]] as const) expect([...interlaced.data.subarray((y * 11 + x) * 4, (y * 11 + x) * 4 + 3)]).toEqual(gradient(x, y));
	});

	it('says what is wrong with a cut-off file instead of throwing something obscure', () => {
		expect(() => decodePng(halves.subarray(0, 60))).toThrow(/PNG|inflate|cut short/);
	});

	it.skipIf(!hasCorpus)('decodes a real matplotlib plot from the corpus (read in place)', async () => {
		const store = new FileStore(corpusStore('ManuelS0usa__SML-Assets-Synthetic-Data'));
		const preview = await readPreview(store, '8f17be42826a48c7816f327f3149ab81', 'feature_importance_weight.png');
		expect(preview.kind).toBe('image');
		if (preview.kind !== 'image') return;
		expect(preview.type).toBe('PNG 460x345 RGBA');
		expect(preview.image.data.length).toBe(460 * 345 * 4);
		await store.close();
	});
});

describe('pictures in cells', () => {
	it('keeps the shape: a cell is two pixels high', () => {
		expect(fitSize(400, 200, 80, 40)).toEqual({columns: 80, rows: 20});
		expect(fitSize(200, 400, 80, 20)).toEqual({columns: 20, rows: 20});
	});

	it('draws half blocks with the upper pixel as foreground and the lower as background, every line exactly as wide', () => {
		const image = decodePng(halves);
		const cells = imageCells(image, 20, 10, 'truecolor', false);
		expect(cells.columns).toBe(20);
		for (const line of cells.lines) expect(displayWidth(stripAnsi(line))).toBe(20);
		expect(cells.lines[0]).toContain('\u001b[38;2;0;0;0m\u001b[48;2;0;0;0m▀');
		expect(cells.lines[0]).toContain('\u001b[38;2;255;255;255m\u001b[48;2;255;255;255m▀');
		expect(imageCells(image, 20, 10, '256', false).lines[0]).toContain('\u001b[38;5;16m');
		expect(xterm256(255, 255, 255)).toBe(231);
	});

	it('uses a ramp of characters without colour, ASCII ones with --ascii', () => {
		const image = decodePng(halves);
		expect(imageCells(image, 20, 10, 'none', false).lines[0]).toBe(' '.repeat(10) + '█'.repeat(10));
		expect(imageCells(image, 20, 10, 'none', true).lines[0]).toBe(' '.repeat(10) + '@'.repeat(10));
	});
});

describe('previewing artifacts in the TUI', () => {
	let root = '';
	let artifacts = '';
	beforeAll(() => {
		root = tempStore();
		const experiment = writeExperiment(root, '1', ['artifact_location: file:///elsewhere/mlruns/1', 'creation_time: 1700000000000', "experiment_id: '1'", 'last_update_time: 1700000000000', 'lifecycle_stage: active', 'name: vision'].join('\n'));
		const run = writeRun(experiment, RUN, {meta: runMeta({runId: RUN, experimentId: '1', name: 'yolo-run'}), metrics: {loss: '1700000000000 0.5 0\n'}});
		artifacts = join(run, 'artifacts');
		const put = (path: string, body: string | Uint8Array) => {
			mkdirSync(dirname(join(artifacts, path)), {recursive: true});
			writeFileSync(join(artifacts, path), body);
		};
		put('train.log', Array.from({length: 200}, (_, index) => `epoch ${index + 1}: loss ${(1 / (index + 1)).toFixed(4)}`).join('\n') + '\n');
		put('confusion_matrix.png', halves);
		put('metrics.json', JSON.stringify({precision: 0.9, recall: 0.8, classes: ['cat', 'dog']}));
		put('weights/best.pt', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(5000, 7)]));
	});
	afterAll(() => {
		if (root) rmSync(dirname(root), {recursive: true, force: true});
	});
	afterEach(() => cleanup());

	/** Opens the run, its artifacts section, and Enter on the file named `name`. */
	async function preview(name: string, options: {color?: boolean; columns?: number; rows?: number} = {}) {
		const app = renderApp(root, {experimentId: '1', ...options});
		await app.see('yolo-run');
		await app.press(KEY.enter, 'l', 'l', 'l');
		await app.see('entries in');
		await app.select(name);
		await app.press(KEY.enter);
		await app.see(new RegExp(`Artifact · (\\S+/)?${name.replace('.', '\\.')}`));
		return app;
	}

	it('shows a log as text that j/k and G scroll, and Esc goes back to the artifacts', async () => {
		const app = await preview('train.log');
		const first = await app.see('epoch 1: loss 1.0000');
		expect(first).toMatch(/log · \d+(\.\d)? KB · 200 lines/);
		expect(app.overflow(80)).toEqual([]);
		expect(app.lines().length).toBeLessThanOrEqual(23);
		await app.press('G');
		await app.see('epoch 200: loss 0.0050');
		expect(app.screen()).not.toContain('epoch 1: loss');
		await app.press('k');
		await app.see(/line \d+/);
		await app.press(KEY.esc);
		await app.see('entries in');
	});

	it('spreads a one-line JSON file over lines', async () => {
		const app = await preview('metrics.json');
		const screen = await app.see('"precision": 0.9');
		expect(screen).toMatch(/"classes": \[\s*\n\s*"cat",/);
	});

	it('draws a PNG: a ramp of characters without colour, half blocks in colour', async () => {
		const plain = await preview('confusion_matrix.png');
		const screen = await plain.see('PNG 40x20 RGB');
		expect(screen).toMatch(/drawn in \d+x\d+ cells/);
		expect(screen).toMatch(/ {5,}█{5,}/);
		expect(plain.overflow(80)).toEqual([]);
		cleanup();
		const coloured = await preview('confusion_matrix.png', {color: true});
		await coloured.see('PNG 40x20 RGB');
		expect(coloured.lastFrame()).toMatch(/\u001b\[38;(2;0;0;0|5;16)m\u001b\[48;(2;0;0;0|5;16)m▀/);
	});

	it('gives a binary file its size and type, not its bytes', async () => {
		const app = await preview('best.pt');
		await app.see(/PyTorch checkpoint \(zip\), 4\.9 KB: binary/);
	});

	it('leaves the store as it was', async () => {
		const before = hashTree(root);
		const app = await preview('confusion_matrix.png');
		await app.see('PNG 40x20');
		app.unmount();
		expect(hashTree(root)).toBe(before);
	});
});
