// A minimal PNG writer for tests: any colour type at 8 bits, optionally with a palette,
// transparency or Adam7 interlacing, so the decoder can be checked pixel by pixel.

import {deflateSync} from 'node:zlib';

const CRC_TABLE = Array.from({length: 256}, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(body.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
	return Buffer.concat([head, body, crc]);
}

export interface PngSpec {
	width: number;
	height: number;
	colorType: 0 | 2 | 3 | 4 | 6;
	/** Samples per pixel in the colour type's order, row by row (palette: indexes). */
	pixel: (x: number, y: number) => number[];
	palette?: Array<[number, number, number]>;
	transparency?: number[];
	interlace?: boolean;
	/** Row filter to use for every row (0-4); the decoder must undo each. */
	filter?: number;
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

function filterRow(row: number[], previous: number[] | undefined, bpp: number, filter: number): number[] {
	const out = [filter];
	for (let i = 0; i < row.length; i++) {
		const a = i >= bpp ? row[i - bpp]! : 0;
		const b = previous ? previous[i]! : 0;
		const c = previous && i >= bpp ? previous[i - bpp]! : 0;
		const predictor = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0;
		out.push((row[i]! - predictor + 256) & 0xff);
	}
	return out;
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function encodePng(spec: PngSpec): Buffer {
	const channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[spec.colorType];
	const header = Buffer.alloc(13);
	header.writeUInt32BE(spec.width, 0);
	header.writeUInt32BE(spec.height, 4);
	header[8] = 8;
	header[9] = spec.colorType;
	header[12] = spec.interlace ? 1 : 0;
	const passes = spec.interlace ? ADAM7 : [[0, 0, 1, 1] as [number, number, number, number]];
	const raw: number[] = [];
	for (const [x0, y0, dx, dy] of passes) {
		let previous: number[] | undefined;
		for (let y = y0; y < spec.height; y += dy) {
			const row: number[] = [];
			for (let x = x0; x < spec.width; x += dx) row.push(...spec.pixel(x, y));
			if (row.length === 0) continue;
			raw.push(...filterRow(row, previous, channels, spec.filter ?? 0));
			previous = row;
		}
	}
	const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header)];
	if (spec.palette) parts.push(chunk('PLTE', Buffer.from(spec.palette.flat())));
	if (spec.transparency) parts.push(chunk('tRNS', Buffer.from(spec.transparency)));
	parts.push(chunk('IDAT', deflateSync(Buffer.from(raw))), chunk('IEND', Buffer.alloc(0)));
	return Buffer.concat(parts);
}
