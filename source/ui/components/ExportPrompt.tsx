// The bottom line after `e`: what will be written, the format keys (from the keymap) and
// where the file goes.

import {Text} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {truncate} from '../../text/width.js';
import type {ExportTable} from '../export/export-table.js';
import {keymap, keyLabel} from '../keymap.js';
import {useTheme} from '../theme.js';

export function ExportPrompt({table, folder, width}: {table: ExportTable; folder: string; width: number}): React.JSX.Element {
	const theme = useTheme();
	const keys = keymap
		.filter((binding) => binding.context === 'export')
		.map((binding) => `${keyLabel(binding.keys[0]!, theme.ascii)} ${binding.description}`)
		.join('  ');
	// The keys first: on a narrow screen the rest may be cut.
	const text = ` Export as  ${keys}  · ${sanitizeLine(table.title)}, ${table.rows.length} rows, into ${sanitizeLine(folder)}`;
	return (
		<Text wrap="truncate" bold color={theme.paint('cyan')}>
			{truncate(text, width, theme.glyphs.ellipsis)}
		</Text>
	);
}
