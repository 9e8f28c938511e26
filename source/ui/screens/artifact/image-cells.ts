// A picture in terminal cells. With colour, each cell is the upper half block ▀ with the
// upper pixel as its foreground and the lower one as its background, so a cell holds two
// square-ish pixels. Without colour (NO_COLOR, --ascii) each cell is a character of a
// brightness ramp. Lines are returned with their escape codes; each is exactly `columns`
// cells wide.

import type {Rgba} from './png.js';

export interface CellImage {
	lines: string[];
	columns: number;
	rows: number;
}

export type ColorDepth = 'truecolor' | '256' | 'none';

/** Terminals that take 24-bit colour say so in COLORTERM; tmux converts it for the terminal behind it. */
export function colorDepth(env: NodeJS.ProcessEnv, color: boolean): ColorDepth {
	if (!color) return 'none';
	const colorterm = env['COLORTERM']?.toLowerCase() ?? '';
	if (colorterm === 'truecolor' || colorterm === '24bit' || env['TMUX']) return 'truecolor';
	return '256';
}

/** The size in cells that fits `columns` x `rows` and keeps the picture's shape (a cell is two pixels high). */
export function fitSize(width: number, height: number, columns: number, rows: number): {columns: number; rows: number} {
	const maxHeight = rows * 2;
	let w = Math.max(1, columns);
	let h = Math.max(1, Math.round((w * height) / width));
	if (h > maxHeight) {
		h = maxHeight;
		w = Math.max(1, Math.round((h * width) / height));
	}
	return {columns: Math.min(columns, w), rows: Math.max(1, Math.ceil(h / 2))};
}

/** Averages the source pixels under each target pixel, over white where transparent (plots are drawn on white). */
export function resize(image: Rgba, width: number, height: number): Uint8Array {
	const out = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		const y0 = Math.floor((y * image.height) / height);
		const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * image.height) / height));
		for (let x = 0; x < width; x++) {
			const x0 = Math.floor((x * image.width) / width);
			const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * image.width) / width));
			let r = 0;
			let g = 0;
			let b = 0;
			let n = 0;
			// Big pictures: a sparse grid of samples per cell is as good to the eye and far cheaper.
			const stepY = Math.max(1, Math.floor((y1 - y0) / 4));
			const stepX = Math.max(1, Math.floor((x1 - x0) / 4));
			for (let sy = y0; sy < y1; sy += stepY) {
				for (let sx = x0; sx < x1; sx += stepX) {
					const at = (sy * image.width + sx) * 4;
					const alpha = image.data[at + 3]! / 255;
					r += image.data[at]! * alpha + 255 * (1 - alpha);
					g += image.data[at + 1]! * alpha + 255 * (1 - alpha);
					b += image.data[at + 2]! * alpha + 255 * (1 - alpha);
					n++;
				}
			}
			const target = (y * width + x) * 3;
			out[target] = Math.round(r / n);
			out[target + 1] = Math.round(g / n);
			out[target + 2] = Math.round(b / n);
		}
	}
	return out;
}

/** The xterm 256-colour index nearest to an RGB colour (the 6x6x6 cube or the grey ramp). */
export function xterm256(r: number, g: number, b: number): number {
	const level = (value: number) => (value < 48 ? 0 : value < 115 ? 1 : Math.floor((value - 35) / 40));
	const steps = [0, 95, 135, 175, 215, 255];
	const [lr, lg, lb] = [level(r), level(g), level(b)];
	const cube = 16 + 36 * lr + 6 * lg + lb;
	const cubeError = (steps[lr]! - r) ** 2 + (steps[lg]! - g) ** 2 + (steps[lb]! - b) ** 2;
	const grey = Math.max(0, Math.min(23, Math.round(((r + g + b) / 3 - 8) / 10)));
	const greyValue = 8 + grey * 10;
	const greyError = (greyValue - r) ** 2 + (greyValue - g) ** 2 + (greyValue - b) ** 2;
	return greyError < cubeError ? 232 + grey : cube;
}

function sgr(depth: ColorDepth, ground: 38 | 48, r: number, g: number, b: number): string {
	return depth === 'truecolor' ? `\u001b[${ground};2;${r};${g};${b}m` : `\u001b[${ground};5;${xterm256(r, g, b)}m`;
}

const ASCII_RAMP = ' .:-=+*#%@';
const UNICODE_RAMP = ' ░▒▓█';

/** The picture as lines of cells at most `columns` x `rows`. */
export function imageCells(image: Rgba, columns: number, rows: number, depth: ColorDepth, ascii: boolean): CellImage {
	const size = fitSize(image.width, image.height, columns, rows);
	const pixelRows = size.rows * 2;
	const pixels = resize(image, size.columns, pixelRows);
	const lines: string[] = [];
	for (let row = 0; row < size.rows; row++) {
		let line = '';
		let last = '';
		for (let column = 0; column < size.columns; column++) {
			const top = ((row * 2) * size.columns + column) * 3;
			const bottom = ((row * 2 + 1) * size.columns + column) * 3;
			const [r1, g1, b1] = [pixels[top]!, pixels[top + 1]!, pixels[top + 2]!];
			const [r2, g2, b2] = [pixels[bottom]!, pixels[bottom + 1]!, pixels[bottom + 2]!];
			if (depth === 'none' || ascii) {
				const light = (0.2126 * (r1 + r2) + 0.7152 * (g1 + g2) + 0.0722 * (b1 + b2)) / 2 / 255;
				const ramp = ascii ? ASCII_RAMP : UNICODE_RAMP;
				line += ramp[Math.min(ramp.length - 1, Math.floor(light * ramp.length))];
				continue;
			}
			const codes = sgr(depth, 38, r1, g1, b1) + sgr(depth, 48, r2, g2, b2);
			if (codes !== last) line += codes;
			last = codes;
			line += '▀';
		}
		lines.push(depth === 'none' || ascii ? line : `${line}\u001b[0m`);
	}
	return {lines, columns: size.columns, rows: size.rows};
}
