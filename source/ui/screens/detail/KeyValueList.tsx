// Params or tags: key and value, the selected value shown in full underneath when it does
// not fit on its line (long params, multi-line tag texts).

import {Box, Text} from 'ink';
import React from 'react';
import type {KeyValue} from '../../../store/types.js';
import {sanitize, sanitizeLine} from '../../../text/sanitize.js';
import {displayWidth, truncate} from '../../../text/width.js';
import {useScroll} from '../../hooks/use-scroll.js';
import type {FittedColumn} from '../../model/fit-columns.js';
import {useTheme} from '../../theme.js';
import {Table} from '../../components/Table.js';

interface Props {
	items: KeyValue[];
	index: number;
	width: number;
	height: number;
	focused: boolean;
	keyColor?: string | undefined;
}

const FULL_VALUE_LINES = 6;

/** Splits text into lines of at most `width` columns (by character, for values without spaces). */
export function wrapText(text: string, width: number, maxLines: number): string[] {
	const lines: string[] = [];
	for (const raw of sanitize(text).replace(/\t/g, ' ').split(/\r?\n/)) {
		let line = '';
		for (const char of raw) {
			if (displayWidth(line + char) > width) {
				lines.push(line);
				line = '';
			}
			line += char;
		}
		lines.push(line);
		if (lines.length > maxLines) break;
	}
	return lines;
}

export function KeyValueList({items, index, width, height, focused, keyColor}: Props): React.JSX.Element {
	const theme = useTheme();
	const keyWidth = Math.min(Math.max(8, Math.floor(width * 0.4)), Math.max(3, ...items.map((item) => displayWidth(sanitizeLine(item.key)))));
	const valueWidth = Math.max(4, width - keyWidth - 2);
	const selected = items[index];
	const needsFull = selected !== undefined && (displayWidth(sanitizeLine(selected.value)) > valueWidth || selected.value.includes('\n') || displayWidth(sanitizeLine(selected.key)) > keyWidth);
	const full = needsFull ? wrapText(`${selected.key} =\n${selected.value}`, width - 2, FULL_VALUE_LINES) : [];
	const fullLines = full.length > FULL_VALUE_LINES ? [...full.slice(0, FULL_VALUE_LINES), theme.glyphs.ellipsis] : full;
	const tableHeight = Math.max(1, height - 1 - (fullLines.length > 0 ? fullLines.length + 1 : 0));
	const scroll = useScroll(index, tableHeight, items.length);
	const columns: FittedColumn[] = [
		{id: 'key', header: 'KEY', ideal: keyWidth, min: keyWidth, width: keyWidth},
		{id: 'value', header: 'VALUE', ideal: valueWidth, min: valueWidth, width: valueWidth},
	];
	const rows = items.map((item, at) => ({
		key: `${item.key}#${at}`,
		selected: at === index,
		cells: [{text: item.key, color: keyColor}, {text: item.value.replace(/\r?\n/g, ' ↵ ')}],
	}));
	return (
		<Box flexDirection="column" height={height}>
			<Box>
				<Table columns={columns} rows={rows} height={tableHeight} scroll={scroll} focused={focused} />
			</Box>
			{fullLines.length > 0 && (
				<Box flexDirection="column" marginTop={1}>
					{fullLines.map((line, at) => (
						<Text key={at} wrap="truncate" color={at === 0 ? theme.paint('cyan') : undefined}>
							{truncate(' ' + line, width, theme.glyphs.ellipsis)}
						</Text>
					))}
				</Box>
			)}
		</Box>
	);
}
