// Every key, generated from the keymap table (the same table the key handler uses). On a
// wide terminal the sections flow into columns; otherwise j/k scroll.

import {Box, Text} from 'ink';
import React from 'react';
import {padEnd, truncate} from '../../../text/width.js';
import {PaneTitle} from '../../components/PaneTitle.js';
import {CONTEXT_TITLES, keyLabel, keymap, type KeyContext} from '../../keymap.js';
import {useTheme} from '../../theme.js';
import type {ViewProps} from '../screen.js';

// In the order of the keymap's context titles, so a new context lists itself.
const ORDER = Object.keys(CONTEXT_TITLES) as KeyContext[];
/** Keys take this much room, the description the rest. */
const KEY_WIDTH = 1 + Math.max(...keymap.map((binding) => binding.keys.map((key) => keyLabel(key)).join(' ').length));
/** The widest line; columns are this wide when there is room for more than one. */
const NATURAL_WIDTH = Math.max(...keymap.map((binding) => 3 + KEY_WIDTH + binding.description.length));

export interface HelpLine {
	text: string;
	heading: boolean;
}

/** A description in lines of at most `room` columns (broken at spaces). */
function wrapDescription(text: string, room: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > room) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	lines.push(line);
	return lines;
}

/** One block of lines per keymap context: its title, then a line per binding (more when a description must wrap to `width`). */
export function helpSections(ascii: boolean, width = Infinity): HelpLine[][] {
	const indent = ' '.repeat(3 + KEY_WIDTH);
	const room = Math.max(12, width - indent.length);
	return ORDER.map((context) => keymap.filter((binding) => binding.context === context))
		.filter((bindings) => bindings.length > 0)
		.map((bindings) => [
			{text: CONTEXT_TITLES[bindings[0]!.context], heading: true},
			...bindings.flatMap((binding) =>
				wrapDescription(binding.description, room).map((part, at) => ({
					text: at === 0 ? `  ${padEnd(binding.keys.map((key) => keyLabel(key, ascii)).join(' '), KEY_WIDTH)} ${part}` : indent + part,
					heading: false,
				})),
			),
		]);
}

/** Sections into `columns` columns of at most `height` lines; a section is not split unless it must be. */
export function flowColumns(sections: HelpLine[][], columns: number, height: number): HelpLine[][] {
	const out: HelpLine[][] = [[]];
	for (const section of sections) {
		let current = out[out.length - 1]!;
		const needed = section.length + (current.length > 0 ? 1 : 0);
		if (current.length > 0 && current.length + needed > height && out.length < columns) {
			current = [];
			out.push(current);
		}
		if (current.length > 0) current.push({text: '', heading: false});
		current.push(...section);
	}
	return out;
}

export interface HelpModel {
	/** The top line shown (j/k scroll when the keys do not fit). */
	scroll: number;
	maxScroll: number;
}

/** The lines in columns for this size. */
export function helpLayout(width: number, height: number, ascii: boolean): {columns: HelpLine[][]; body: number; maxScroll: number} {
	const body = Math.max(1, height - 1);
	const count = Math.max(1, Math.floor((width - 1) / (NATURAL_WIDTH + 2)));
	const columnWidth = Math.floor((width - 1) / count);
	const columns = flowColumns(helpSections(ascii, columnWidth - 2), count, body);
	const tallest = Math.max(...columns.map((column) => column.length));
	return {columns, body, maxScroll: Math.max(0, tallest - body)};
}

export function HelpView({model, width, height, focused}: ViewProps<HelpModel>): React.JSX.Element {
	const theme = useTheme();
	const {columns, body, maxScroll} = helpLayout(width, height, theme.ascii);
	const scroll = Math.min(model.scroll, maxScroll);
	const columnWidth = Math.floor((width - 1) / columns.length);
	return (
		<Box flexDirection="column" height={height}>
			<PaneTitle title="Keys" info={`Esc or ? closes${maxScroll > 0 ? ' · j/k scroll' : ''}`} width={width} focused={focused} />
			<Box flexDirection="row" paddingLeft={1}>
				{columns.map((lines, index) => (
					<Box key={index} flexDirection="column" width={columnWidth}>
						{lines.slice(scroll, scroll + body).map((line, row) => (
							<Text key={row} wrap="truncate" bold={line.heading} color={line.heading ? theme.paint('cyan') : undefined}>
								{truncate(line.text, columnWidth - 1, theme.glyphs.ellipsis) || ' '}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
