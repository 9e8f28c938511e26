// The `/` input: plain text searches names as you type; in the runs list an MLflow filter
// expression is checked as you type, its error shown with a caret under the offending
// token right below instead of an empty table.

import {Box, Text} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {truncate} from '../../text/width.js';
import type {SearchSyntaxError} from '../../store/search/index.js';
import {useTheme} from '../theme.js';

interface Props {
	text: string;
	cursor: number;
	width: number;
	error?: SearchSyntaxError | undefined;
	matching: number;
	total: number;
	/** What is searched: "runs", "params". */
	noun: string;
	kind: 'none' | 'text' | 'expression' | 'error';
	/** MLflow's filter expressions apply (the runs list). */
	grammar: boolean;
}

const PROMPT = ' / ';

export function FilterInput({text, cursor, width, error, matching, total, noun, kind, grammar}: Props): React.JSX.Element {
	const theme = useTheme();
	const chars = [...sanitizeLine(text)];
	const room = Math.max(4, width - PROMPT.length - 1);
	// Keep the cursor in view on long filters.
	const start = Math.max(0, Math.min(cursor - room + 1, chars.length - room + 1));
	const before = chars.slice(start, cursor).join('');
	const at = chars[cursor] ?? ' ';
	const after = chars.slice(cursor + 1, start + room).join('');
	let second: React.JSX.Element;
	if (error) {
		const column = Math.max(0, [...error.source.slice(0, error.position)].length - start);
		const caret = ' '.repeat(PROMPT.length + Math.min(column, room)) + '^ ';
		second = (
			<Text wrap="truncate" color={theme.paint('red')}>
				{truncate(caret + sanitizeLine(error.message), width, theme.glyphs.ellipsis)}
			</Text>
		);
	} else {
		const hint =
			kind === 'none'
				? `all ${total} ${noun} · type part of a name${grammar ? ", or a filter: metrics.rmse < 0.8 and params.lr = '0.01'" : ''} · Enter apply · Esc cancel`
				: `${matching} of ${total} ${noun} ${kind === 'expression' ? 'match the filter' : 'contain it'} · Enter apply · Esc cancel · Ctrl-u clear`;
		second = (
			<Text wrap="truncate" dimColor>
				{truncate(' '.repeat(PROMPT.length) + hint, width, theme.glyphs.ellipsis)}
			</Text>
		);
	}
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold color={theme.paint('cyan')}>
					{PROMPT}
				</Text>
				{before}
				<Text inverse>{at}</Text>
				{after}
			</Text>
			{second}
		</Box>
	);
}
