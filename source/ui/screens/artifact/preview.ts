// What Enter on an artifact shows: text (logs, YAML, JSON, requirements) as lines,
// pictures (PNG, JPEG) decoded to pixels, anything else as its size and type. Read through
// the store with a cap, so a 2 GB checkpoint costs one small read.

import type {TrackingStore} from '../../../store/contract.js';
import {sanitizeLine} from '../../../text/sanitize.js';
import {decodePng, isPng, pngHeader, type Rgba} from './png.js';

/** Text beyond this is cut (and says so). */
export const TEXT_BYTES = 512 * 1024;
/** Pictures beyond this get their size and type only. */
export const IMAGE_BYTES = 16 * 1024 * 1024;

export type Preview =
	| {kind: 'text'; type: string; size: number; lines: string[]; truncated: boolean}
	| {kind: 'image'; type: string; size: number; image: Rgba}
	| {kind: 'info'; type: string; size: number; why: string}
	| {kind: 'unreadable'};

const IMAGE_EXTENSIONS = /\.(png|jpe?g)$/i;

/** A name for what the bytes are, from their first bytes, else the file name. */
export function fileType(bytes: Uint8Array, path: string): string {
	const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
	const text = (prefix: string) => [...prefix].every((char, index) => bytes[index] === char.charCodeAt(0));
	if (isPng(bytes)) return 'PNG image';
	if (starts(0xff, 0xd8, 0xff)) return 'JPEG image';
	if (text('GIF8')) return 'GIF image';
	if (text('%PDF')) return 'PDF document';
	if (starts(0x50, 0x4b, 0x03, 0x04)) return /\.(pt|pth)$/i.test(path) ? 'PyTorch checkpoint (zip)' : /\.keras$/i.test(path) ? 'Keras model (zip)' : 'zip archive';
	if (starts(0x1f, 0x8b)) return 'gzip data';
	if (starts(0x89, 0x48, 0x44, 0x46)) return 'HDF5 data';
	if (text('\u0093NUMPY')) return 'NumPy array';
	if (text('PAR1')) return 'Parquet data';
	if (text('SQLite format 3')) return 'SQLite database';
	if (bytes[0] === 0x80 && (bytes[1] ?? 0) >= 2 && (bytes[1] ?? 0) <= 5) return 'Python pickle';
	const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
	return extension ? `.${extension} file` : 'file';
}

/** Text when it decodes as UTF-8 (a cut-off last character is fine) and has no NUL and few other control bytes. */
export function asText(bytes: Uint8Array, truncated: boolean): string | undefined {
	const head = bytes.subarray(0, 8192);
	if (head.includes(0)) return undefined;
	let controls = 0;
	for (const byte of head) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) controls++;
	if (controls > head.length / 100) return undefined;
	// A cut may split the last character: drop up to 3 trailing bytes before a strict decode.
	for (let drop = 0; drop <= (truncated ? 3 : 0); drop++) {
		try {
			return new TextDecoder('utf-8', {fatal: true}).decode(bytes.subarray(0, bytes.length - drop));
		} catch {
			// try with one byte less
		}
	}
	return undefined;
}

function textType(path: string, text: string): string {
	const name = path.split('/').pop() ?? path;
	if (/^MLmodel$|\.ya?ml$/i.test(name)) return 'YAML';
	if (/\.json$/i.test(name)) return 'JSON';
	if (/requirements.*\.txt$/i.test(name)) return 'requirements';
	if (/\.log$/i.test(name)) return 'log';
	if (/\.csv$/i.test(name)) return 'CSV';
	if (/\.md$/i.test(name)) return 'Markdown';
	if (/\.py$/i.test(name)) return 'Python';
	return text.startsWith('{') || text.startsWith('[') ? 'JSON?' : 'text';
}

/** Lines safe for the terminal; a JSON file on one line is spread out so it can be read. */
export function textLines(text: string, type: string, whole: boolean): string[] {
	let body = text;
	if (whole && (type === 'JSON' || type === 'JSON?')) {
		try {
			body = JSON.stringify(JSON.parse(text), undefined, 2);
		} catch {
			// shown as written
		}
	}
	const lines = body.replace(/\r\n?/g, '\n').split('\n');
	if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
	return lines.map((line) => sanitizeLine(line.replace(/\t/g, '    ')));
}

async function decodeJpeg(bytes: Uint8Array): Promise<Rgba> {
	// Loaded on first use: most sessions never show a JPEG.
	const jpeg = await import('jpeg-js');
	const decoded = jpeg.decode(bytes, {useTArray: true, formatAsRGBA: true, maxResolutionInMP: 40, maxMemoryUsageInMB: 512});
	return {width: decoded.width, height: decoded.height, data: decoded.data};
}

export async function readPreview(store: TrackingStore, runId: string, path: string, size?: number): Promise<Preview> {
	const wantImage = IMAGE_EXTENSIONS.test(path) && (size === undefined || size <= IMAGE_BYTES);
	let content = await store.readArtifact(runId, path, wantImage ? IMAGE_BYTES : TEXT_BYTES);
	if (!content) return {kind: 'unreadable'};
	let type = fileType(content.bytes, path);
	const image = type === 'PNG image' || type === 'JPEG image';
	if (image && content.truncated && content.size <= IMAGE_BYTES) {
		content = (await store.readArtifact(runId, path, IMAGE_BYTES)) ?? content;
		type = fileType(content.bytes, path);
	}
	if (image) {
		if (content.truncated) {
			const header = type === 'PNG image' ? pngHeader(content.bytes) : undefined;
			return {kind: 'info', type: header ? `${type}, ${header.width}x${header.height}` : type, size: content.size, why: 'too large to draw here'};
		}
		try {
			const decoded = type === 'PNG image' ? decodePng(content.bytes) : await decodeJpeg(content.bytes);
			return {kind: 'image', type: `${type.replace(' image', '')} ${decoded.width}x${decoded.height}${type === 'PNG image' ? ` ${pngHeader(content.bytes).colors}` : ''}`, size: content.size, image: decoded};
		} catch (error) {
			return {kind: 'info', type, size: content.size, why: `cannot be drawn: ${(error as Error).message}`};
		}
	}
	// A known binary format is not read as text, whatever its bytes look like.
	const known = !/^(\.\w+ )?file$/.test(type);
	const text = known ? undefined : asText(content.bytes, content.truncated);
	if (text === undefined) return {kind: 'info', type, size: content.size, why: 'binary: nothing to show as text'};
	const kind = textType(path, text);
	return {kind: 'text', type: kind, size: content.size, lines: textLines(text, kind, !content.truncated), truncated: content.truncated};
}
