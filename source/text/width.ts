// Display width of terminal text, measured as Ink measures it (string-width): wide East
// Asian characters and emoji take two columns, a family emoji two in all, combining marks
// and ANSI colour codes none. Cutting goes by grapheme, so an emoji is never split.

import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
const segmenter = new Intl.Segmenter();

export function displayWidth(text: string): number {
	return stringWidth(text);
}

/**
 * Cut to at most `width` columns, marking the cut with an ellipsis. Only the start of a
 * huge value is looked at: a run name can be megabytes long.
 */
export function truncate(text: string, width: number, ellipsis = '…'): string {
	if (width <= 0) return '';
	// Every column takes at least one code unit; zero-width marks beyond 8 per column are dropped.
	const head = text.length > width * 8 ? text.slice(0, width * 8) : text;
	const ascii = PRINTABLE_ASCII.test(head);
	if (head === text && (ascii ? text.length : stringWidth(text)) <= width) return text;
	const room = width - stringWidth(ellipsis);
	if (room < 0) return truncate(ellipsis, width, '');
	if (ascii) return head.slice(0, room) + ellipsis;
	let out = '';
	let used = 0;
	for (const {segment} of segmenter.segment(head)) {
		const segmentWidth = stringWidth(segment);
		if (used + segmentWidth > room) break;
		out += segment;
		used += segmentWidth;
	}
	return out + ellipsis;
}

export function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
	return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
