// Aligned plain-text tables for the headless commands' people-facing output.

import {sanitizeLine} from './sanitize.js';
import {displayWidth, padEnd, padStart, truncate} from './width.js';

export interface Column {
	header: string;
	align?: 'left' | 'right';
	/** Columns that may be shortened when the table is too wide, widest first. */
	shrinkable?: boolean;
}

export function renderTable(columns: Column[], rows: string[][], maxWidth?: number): string {
	const cells = rows.map((row) => row.map((cell) => sanitizeLine(cell ?? '')));
	const widths = columns.map((column, index) => Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[index] ?? ''))));
	if (maxWidth !== undefined) {
		const gap = 2 * (columns.length - 1);
		let excess = widths.reduce((sum, width) => sum + width, 0) + gap - maxWidth;
		while (excess > 0) {
			let widest = -1;
			for (let index = 0; index < columns.length; index++) {
				if (columns[index]!.shrinkable && widths[index]! > 8 && (widest < 0 || widths[index]! > widths[widest]!)) widest = index;
			}
			if (widest < 0) break;
			const cut = Math.min(excess, widths[widest]! - 8);
			widths[widest]! -= cut;
			excess -= cut;
		}
	}
	const line = (row: string[]) =>
		row
			.map((cell, index) => {
				const width = widths[index]!;
				const text = truncate(cell, width);
				return columns[index]!.align === 'right' ? padStart(text, width) : padEnd(text, width);
			})
			.join('  ')
			.trimEnd();
	return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n');
}
