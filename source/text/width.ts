// Display width of terminal text: wide East Asian characters and emoji take two
// columns, combining marks none. Enough for names and values from a store.

const COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200b-\u200f\ufe0f]/;

function isWide(code: number): boolean {
	return (
		(code >= 0x1100 && code <= 0x115f) ||
		(code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
		(code >= 0xac00 && code <= 0xd7a3) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xfe30 && code <= 0xfe4f) ||
		(code >= 0xff00 && code <= 0xff60) ||
		(code >= 0xffe0 && code <= 0xffe6) ||
		(code >= 0x1f300 && code <= 0x1f64f) ||
		(code >= 0x1f900 && code <= 0x1f9ff) ||
		(code >= 0x20000 && code <= 0x3fffd)
	);
}

export function displayWidth(text: string): number {
	let width = 0;
	for (const char of text) {
		if (COMBINING.test(char)) continue;
		width += isWide(char.codePointAt(0)!) ? 2 : 1;
	}
	return width;
}

/** Cut to at most `width` columns, marking the cut with an ellipsis. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	let out = '';
	let used = 0;
	const room = width - displayWidth(ellipsis);
	for (const char of text) {
		const charWidth = COMBINING.test(char) ? 0 : isWide(char.codePointAt(0)!) ? 2 : 1;
		if (used + charWidth > room) break;
		out += char;
		used += charWidth;
	}
	return out + ellipsis;
}

export function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
	return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
