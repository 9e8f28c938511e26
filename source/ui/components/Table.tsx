// A small table of fixed-width cells (ink-table 3.1 crashes on import with ink 6; see
// docs/tui.md). Every cell is made terminal-safe and cut to its column, so a row is
// never wider than the columns given plus the one-column cursor pointer in front.

import {Box, Text} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {padEnd, padStart, truncate} from '../../text/width.js';
import {GAP, type FittedColumn} from '../model/fit-columns.js';
import {useTheme} from '../theme.js';

export interface TableCell {
	text: string;
	color?: string | undefined;
	bold?: boolean;
	dim?: boolean;
	underline?: boolean;
}

export interface TableRow {
	key: string;
	cells: TableCell[];
	selected?: boolean;
	dim?: boolean;
}

interface Props {
	columns: FittedColumn[];
	rows: TableRow[];
	/** Lines for the body (the header line comes on top). */
	height: number;
	scroll: number;
	focused: boolean;
	header?: boolean;
}

export function fitCell(text: string, width: number, align: 'left' | 'right' | undefined, ellipsis: string): string {
	const cut = truncate(sanitizeLine(text), width, ellipsis);
	return align === 'right' ? padStart(cut, width) : padEnd(cut, width);
}

export function Table({columns, rows, height, scroll, focused, header = true}: Props): React.JSX.Element {
	const theme = useTheme();
	const gap = ' '.repeat(GAP);
	const shown = rows.slice(scroll, scroll + Math.max(0, height));
	return (
		<Box flexDirection="column">
			{header && (
				<Text wrap="truncate" bold>
					{' '}
					{columns.map((column, index) => (index > 0 ? gap : '') + fitCell(column.header, column.width, column.align, theme.glyphs.ellipsis)).join('')}
				</Text>
			)}
			{shown.map((row) => (
				<Text key={row.key} wrap="truncate" inverse={row.selected === true && focused} bold={row.selected === true && !focused} dimColor={row.dim === true}>
					{row.selected === true && focused ? theme.glyphs.pointer : ' '}
					{columns.map((column, index) => {
						const cell = row.cells[index] ?? {text: ''};
						// Under the cursor the row is inverted; cell colours would turn into blocks of colour.
						const inverted = row.selected === true && focused;
						return (
							<React.Fragment key={column.id}>
								{index > 0 ? gap : ''}
								<Text color={inverted ? undefined : cell.color} bold={cell.bold === true} dimColor={!inverted && cell.dim === true} underline={cell.underline === true}>
									{fitCell(cell.text, column.width, column.align, theme.glyphs.ellipsis)}
								</Text>
							</React.Fragment>
						);
					})}
				</Text>
			))}
		</Box>
	);
}
