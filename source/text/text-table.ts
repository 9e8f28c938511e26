// Aligned plain-text tables for the headless commands' people-facing output. Given a
// width (a terminal's), the table is made to fit it: ids are shortened first, then the
// shrinkable columns, then the least useful columns are left out. Widths are display
// widths, so wide characters never shift a column.

import {sanitizeLine} from './sanitize.js';
import {displayWidth, padEnd, padStart, truncate} from './width.js';

export interface Column {
	header: string;
	align?: 'left' | 'right';
	/** May be cut down when the table is too wide, widest first: to `comfortable` before any column is left out, to MIN_SHRUNK after. */
	shrinkable?: boolean;
	/** For a shrinkable column: the width it keeps until columns have been left out (COMFORTABLE). */
	comfortable?: number;
	/** Cut in the middle (metric keys share their starts: training_…_error). */
	cutMiddle?: boolean;
	/** An id: shown by its first ID_LENGTH characters when the table is too wide (short ids are accepted wherever an id is). */
	id?: boolean;
	/** May be left out when nothing else makes the table fit; the highest goes first. */
	drop?: number;
}

export interface Table {
	text: string;
	/** Headers of the columns left out to fit the width. */
	hidden: string[];
}

/** As the TUI and `git log --oneline` shorten ids. */
export const ID_LENGTH = 8;
const COMFORTABLE = 20;
const MIN_SHRUNK = 8;
/** No cell is wider than this, even piped: a 50 MB run name is still one line. */
const MAX_CELL = 500;
const GAP = 2;

function cellText(value: string | undefined): string {
	const raw = value ?? '';
	// Cut before sanitizing, so a huge value is never copied whole.
	return truncate(sanitizeLine(raw.length > MAX_CELL * 8 ? raw.slice(0, MAX_CELL * 8) : raw), MAX_CELL);
}

function total(widths: number[]): number {
	return widths.reduce((sum, width) => sum + width, 0) + GAP * Math.max(0, widths.length - 1);
}

function cut(text: string, width: number, column: Column): string {
	if (displayWidth(text) <= width) return text;
	// An id is cut without an ellipsis: its first characters are an id too.
	if (column.id) return truncate(text, width, '');
	if (column.cutMiddle && width >= 5) {
		const tail = Math.floor((width - 1) / 2);
		return truncate(text, width - tail, '…') + tailOf(text, tail);
	}
	return truncate(text, width);
}

/** The last `width` columns of a short text (headers and metric keys). */
function tailOf(text: string, width: number): string {
	const chars = [...text];
	let out = '';
	for (let index = chars.length - 1; index >= 0 && displayWidth(chars[index]! + out) <= width; index--) out = chars[index]! + out;
	return out;
}

export function renderTable(columns: Column[], rows: string[][], maxWidth?: number): Table {
	const cells = rows.map((row) => columns.map((_, index) => cellText(row[index])));
	const natural = columns.map((column, index) => Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[index]!))));
	let shown = columns.map((_, index) => index);
	const hidden: string[] = [];
	let widths = [...natural];
	if (maxWidth !== undefined && total(natural) > maxWidth) {
		/** Widths for the shown columns: ids shortened, then the widest shrinkable cut, down to `floor` at most. */
		const layout = (floor: (column: Column) => number) => {
			const out = [...natural];
			let excess = total(shown.map((index) => out[index]!)) - maxWidth;
			for (const index of shown) {
				if (excess <= 0) break;
				if (columns[index]!.id && natural[index]! > ID_LENGTH) {
					excess -= natural[index]! - ID_LENGTH;
					out[index] = ID_LENGTH;
				}
			}
			while (excess > 0) {
				const open = shown.filter((index) => columns[index]!.shrinkable && out[index]! > Math.min(natural[index]!, floor(columns[index]!)));
				if (open.length === 0) break;
				const widest = open.reduce((best, index) => (out[index]! > out[best]! ? index : best));
				// Cut the widest down to the next widest (or its floor), so shrunk columns end up about equal.
				const next = Math.max(floor(columns[widest]!), ...open.filter((index) => index !== widest).map((index) => out[index]!));
				const step = Math.max(1, Math.min(excess, out[widest]! - next));
				out[widest]! -= step;
				excess -= step;
			}
			return {out, excess};
		};
		const comfortable = (column: Column) => column.comfortable ?? COMFORTABLE;
		let fitted = layout(comfortable);
		const droppable = shown.filter((index) => columns[index]!.drop !== undefined).sort((a, b) => columns[b]!.drop! - columns[a]!.drop!);
		while (fitted.excess > 0 && droppable.length > 0) {
			const dropped = droppable.shift()!;
			shown = shown.filter((index) => index !== dropped);
			hidden.push(columns[dropped]!.header);
			fitted = layout(comfortable);
		}
		if (fitted.excess > 0) fitted = layout(() => MIN_SHRUNK);
		widths = fitted.out;
	}
	const line = (row: string[]) =>
		shown
			.map((index) => {
				const width = widths[index]!;
				const column = columns[index]!;
				const text = cut(row[index]!, width, column);
				return column.align === 'right' ? padStart(text, width) : padEnd(text, width);
			})
			.join(' '.repeat(GAP))
			.trimEnd();
	return {text: [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n'), hidden};
}
