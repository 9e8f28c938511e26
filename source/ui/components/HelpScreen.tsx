// Every key, generated from the keymap table (the same table the key handler uses). On a
// wide terminal the sections flow into columns; otherwise j/k scroll.

import {Box, Text} from 'ink';
import React from 'react';
import {padEnd, truncate} from '../../text/width.js';
import {CONTEXT_TITLES, keyLabel, keymap, type KeyContext} from '../keymap.js';
import type {PaneProps} from '../screens.js';
import {useReportList, useUiState} from '../state/contexts.js';
import {useTheme} from '../theme.js';
import {PaneTitle} from './PaneTitle.js';

// In the order of the keymap's context titles, so a new context lists itself.
const ORDER = Object.keys(CONTEXT_TITLES) as KeyContext[];
const COLUMN_WIDTH = 64;

export interface HelpLine {
	text: string;
	heading: boolean;
}

/** One block of lines per keymap context: its title, then one line per binding. */
export function helpSections(ascii: boolean): HelpLine[][] {
	return ORDER.map((context) => keymap.filter((binding) => binding.context === context))
		.filter((bindings) => bindings.length > 0)
		.map((bindings) => [
			{text: CONTEXT_TITLES[bindings[0]!.context], heading: true},
			...bindings.map((binding) => ({text: `  ${padEnd(binding.keys.map((key) => keyLabel(key, ascii)).join(' '), 20)} ${binding.description}`, heading: false})),
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

export function HelpScreen({width, height, focused}: PaneProps): React.JSX.Element {
	const theme = useTheme();
	const state = useUiState();
	const body = Math.max(1, height - 1);
	const columnCount = Math.max(1, Math.floor((width - 1) / COLUMN_WIDTH));
	const columns = flowColumns(helpSections(theme.ascii), columnCount, body);
	const tallest = Math.max(...columns.map((column) => column.length));
	const maxScroll = Math.max(0, tallest - body);
	useReportList('help', maxScroll + 1, body);
	const scroll = Math.min(state.help.scroll, maxScroll);
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
