// A PNG decoder to RGBA, on node:zlib: every colour type, bit depths 1-16, palettes with
// transparency, Adam7 interlacing. Plots and confusion matrices are PNGs; a dependency
// for this much is not worth it. Sizes are bounded before anything is inflated.

import {inflateSync} from 'node:zlib';

export interface Rgba {
	width: number;
	height: number;
	/** 4 bytes a pixel, rows top to bottom. */
	data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Beyond this a preview would take too long and too much memory. */
export const MAX_PIXELS = 40_000_000;

const CHANNELS: Record<number, number> = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4};
const COLOR_NAMES: Record<number, string> = {0: 'grey', 2: 'RGB', 3: 'palette', 4: 'grey+alpha', 6: 'RGBA'};

export function isPng(bytes: Uint8Array): boolean {
	return SIGNATURE.every((byte, index) => bytes[index] === byte);
}

export interface PngHeader {
	width: number;
	height: number;
	bitDepth: number;
	colorType: number;
	interlaced: boolean;
	/** "RGBA", "palette", … */
	colors: string;
}

function u32(bytes: Uint8Array, at: number): number {
	return ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
}

/** The header alone (for a file too big to draw, its size is still worth saying). */
export function pngHeader(bytes: Uint8Array): PngHeader {
	if (!isPng(bytes) || bytes.length < 33) throw new Error('not a PNG file');
	const width = u32(bytes, 16);
	const height = u32(bytes, 20);
	const bitDepth = bytes[24]!;
	const colorType = bytes[25]!;
	if (CHANNELS[colorType] === undefined) throw new Error(`unknown PNG colour type ${colorType}`);
	return {width, height, bitDepth, colorType, interlaced: bytes[28] === 1, colors: COLOR_NAMES[colorType]!};
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters of one (sub)image in place; returns the raw rows. */
function unfilter(data: Uint8Array, offset: number, rowBytes: number, rows: number, bpp: number): Uint8Array {
	const out = new Uint8Array(rowBytes * rows);
	for (let row = 0; row < rows; row++) {
		const filter = data[offset + row * (rowBytes + 1)];
		const source = offset + row * (rowBytes + 1) + 1;
		const at = row * rowBytes;
		for (let i = 0; i < rowBytes; i++) {
			const x = data[source + i] ?? 0;
			const a = i >= bpp ? out[at + i - bpp]! : 0;
			const b = row > 0 ? out[at - rowBytes + i]! : 0;
			const c = row > 0 && i >= bpp ? out[at - rowBytes + i - bpp]! : 0;
			let value: number;
			switch (filter) {
				case 0:
					value = x;
					break;
				case 1:
					value = x + a;
					break;
				case 2:
					value = x + b;
					break;
				case 3:
					value = x + ((a + b) >> 1);
					break;
				case 4:
					value = x + paeth(a, b, c);
					break;
				default:
					throw new Error(`bad PNG row filter ${filter}`);
			}
			out[at + i] = value & 0xff;
		}
	}
	return out;
}

const ADAM7: Array<[number, number, number, number]> = [
	[0, 0, 8, 8],
	[4, 0, 8, 8],
	[0, 4, 4, 8],
	[2, 0, 4, 4],
	[0, 2, 2, 4],
	[1, 0, 2, 2],
	[0, 1, 1, 2],
];

export function decodePng(bytes: Uint8Array): Rgba {
	const header = pngHeader(bytes);
	const {width, height, bitDepth, colorType} = header;
	if (width === 0 || height === 0) throw new Error('empty PNG image');
	if (width * height > MAX_PIXELS) throw new Error(`${width}x${height} is too many pixels to draw here`);
	const channels = CHANNELS[colorType]!;
	const bitsPerPixel = channels * bitDepth;
	const bpp = Math.max(1, bitsPerPixel >> 3);
	let palette: Uint8Array | undefined;
	let transparency: Uint8Array | undefined;
	const idat: Uint8Array[] = [];
	for (let at = 8; at + 8 <= bytes.length; ) {
		const length = u32(bytes, at);
		const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
		const body = bytes.subarray(at + 8, at + 8 + length);
		if (type === 'PLTE') palette = body;
		else if (type === 'tRNS') transparency = body;
		else if (type === 'IDAT') idat.push(body);
		else if (type === 'IEND') break;
		at += 12 + length;
	}
	if (idat.length === 0) throw new Error('PNG without image data (cut short?)');
	if (colorType === 3 && !palette) throw new Error('palette PNG without a palette');
	const passes = header.interlaced ? ADAM7 : [[0, 0, 1, 1] as [number, number, number, number]];
	const sizes = passes.map(([x0, y0, dx, dy]) => {
		const w = Math.ceil((width - x0) / dx);
		const h = Math.ceil((height - y0) / dy);
		return {w: Math.max(0, w), h: Math.max(0, h)};
	});
	const expected = sizes.reduce((sum, {w, h}) => sum + (w > 0 && h > 0 ? h * (Math.ceil((w * bitsPerPixel) / 8) + 1) : 0), 0);
	let inflated: Uint8Array;
	try {
		inflated = inflateSync(Buffer.concat(idat), {maxOutputLength: expected + 1024});
	} catch (error) {
		throw new Error(`the PNG data does not inflate (${(error as Error).message})`);
	}
	const out = new Uint8Array(width * height * 4);
	const max = (1 << Math.min(bitDepth, 8)) - 1;
	const sample = (row: Uint8Array, rowStart: number, index: number): number => {
		if (bitDepth === 8) return row[rowStart + index]!;
		if (bitDepth === 16) return row[rowStart + index * 2]!; // the high byte is enough for a preview
		const bit = index * bitDepth;
		const byte = row[rowStart + (bit >> 3)]!;
		const value = (byte >> (8 - bitDepth - (bit & 7))) & max;
		return colorType === 3 ? value : Math.round((value * 255) / max);
	};
	const trnsGrey = transparency && colorType === 0 ? transparency[1]! : -1;
	let offset = 0;
	passes.forEach(([x0, y0, dx, dy], pass) => {
		const {w, h} = sizes[pass]!;
		if (w === 0 || h === 0) return;
		const rowBytes = Math.ceil((w * bitsPerPixel) / 8);
		if (offset + h * (rowBytes + 1) > inflated.length) throw new Error('the PNG data is cut short');
		const rows = unfilter(inflated, offset, rowBytes, h, bpp);
		offset += h * (rowBytes + 1);
		for (let y = 0; y < h; y++) {
			const rowStart = y * rowBytes;
			for (let x = 0; x < w; x++) {
				const target = ((y0 + y * dy) * width + x0 + x * dx) * 4;
				let r: number, g: number, b: number, a = 255;
				switch (colorType) {
					case 0:
						r = g = b = sample(rows, rowStart, x);
						if (bitDepth <= 8 && r === Math.round((trnsGrey * 255) / max)) a = 0;
						break;
					case 2:
						r = sample(rows, rowStart, x * 3);
						g = sample(rows, rowStart, x * 3 + 1);
						b = sample(rows, rowStart, x * 3 + 2);
						break;
					case 3: {
						const index = sample(rows, rowStart, x);
						r = palette![index * 3] ?? 0;
						g = palette![index * 3 + 1] ?? 0;
						b = palette![index * 3 + 2] ?? 0;
						a = transparency?.[index] ?? 255;
						break;
					}
					case 4:
						r = g = b = sample(rows, rowStart, x * 2);
						a = sample(rows, rowStart, x * 2 + 1);
						break;
					default:
						r = sample(rows, rowStart, x * 4);
						g = sample(rows, rowStart, x * 4 + 1);
						b = sample(rows, rowStart, x * 4 + 2);
						a = sample(rows, rowStart, x * 4 + 3);
				}
				out[target] = r;
				out[target + 1] = g;
				out[target + 2] = b;
				out[target + 3] = a;
			}
		}
	});
	return {width, height, data: out};
}
