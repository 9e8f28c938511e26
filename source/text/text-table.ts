// Aligned plain-text tables for the headless commands' people-facing output. Given a
// width (a terminal's), the table is made to fit it: ids are shortened first, then the
// shrinkable columns, then the least useful columns are left out. Widths are display
// widths, so wide characters never shift a column.

import {sanitizeLine} from './sanitize.js';
import {displayWidth, padEnd, padStart, truncate} from './width.js';

export interface Column {
	header: string;
	align?: 'left' | 'right';
	/** May be cut down to MIN_SHRUNK columns when the table is too wide, widest first. */
	shrinkable?: boolean;
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

/** The narrowest a column can get without being left out. */
function minimum(column: Column, natural: number): number {
	if (column.id) return Math.min(natural, ID_LENGTH);
	if (column.shrinkable) return Math.min(natural, MIN_SHRUNK);
	return natural;
}

export function renderTable(columns: Column[], rows: string[][], maxWidth?: number): Table {
	const cells = rows.map((row) => columns.map((_, index) => cellText(row[index])));
	const natural = columns.map((column, index) => Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[index]!))));
	let shown = columns.map((_, index) => index);
	const hidden: string[] = [];
	const widths = [...natural];
	if (maxWidth !== undefined && total(natural) > maxWidth) {
		const droppable = shown.filter((index) => columns[index]!.drop !== undefined).sort((a, b) => columns[b]!.drop! - columns[a]!.drop!);
		while (droppable.length > 0 && total(shown.map((index) => minimum(columns[index]!, natural[index]!))) > maxWidth) {
			const dropped = droppable.shift()!;
			shown = shown.filter((index) => index !== dropped);
			hidden.push(columns[dropped]!.header);
		}
		let excess = total(shown.map((index) => natural[index]!)) - maxWidth;
		for (const index of shown) {
			if (excess <= 0) break;
			if (!columns[index]!.id) continue;
			const cut = Math.min(excess, natural[index]! - minimum(columns[index]!, natural[index]!));
			widths[index] = natural[index]! - cut;
			excess -= cut;
		}
		while (excess > 0) {
			let widest = -1;
			for (const index of shown) {
				if (columns[index]!.shrinkable && widths[index]! > MIN_SHRUNK && (widest < 0 || widths[index]! > widths[widest]!)) widest = index;
			}
			if (widest < 0) break;
			// Widest first, a column at a time, so the shrunk columns end up about equal.
			const next = Math.max(MIN_SHRUNK, ...shown.filter((index) => index !== widest && columns[index]!.shrinkable).map((index) => widths[index]!));
			const cut = Math.max(1, Math.min(excess, widths[widest]! - next));
			widths[widest]! -= cut;
			excess -= cut;
		}
	}
	const line = (row: string[]) =>
		shown
			.map((index) => {
				const width = widths[index]!;
				const column = columns[index]!;
				// An id is cut without an ellipsis: its first characters are an id too.
				const text = column.id && displayWidth(row[index]!) > width ? truncate(row[index]!, width, '') : truncate(row[index]!, width);
				return column.align === 'right' ? padStart(text, width) : padEnd(text, width);
			})
			.join(' '.repeat(GAP))
			.trimEnd();
	return {text: [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n'), hidden};
}
