// The top line: which store, and whether mlwatch is following it live.

import {Text} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../text/width.js';
import {useTheme} from '../theme.js';

interface Props {
	store: string;
	mode: string;
	problems: number;
	width: number;
}

/** Shortens a path from the left, where it matters least: "…/corpus/x/mlruns". */
export function shortenPath(path: string, width: number, ellipsis: string): string {
	if (displayWidth(path) <= width) return path;
	if (width <= displayWidth(ellipsis)) return truncate(path, width, ellipsis);
	const chars = [...path];
	let out = '';
	for (let index = chars.length - 1; index >= 0; index--) {
		if (displayWidth(chars[index] + out) > width - displayWidth(ellipsis)) break;
		out = chars[index] + out;
	}
	return ellipsis + out;
}

export function Header({store, mode, problems, width}: Props): React.JSX.Element {
	const theme = useTheme();
	const right = [problems > 0 ? `${problems} problem${problems === 1 ? '' : 's'} in the store` : '', mode].filter(Boolean).join('  ');
	const name = ' mlwatch ';
	const room = Math.max(0, width - displayWidth(name) - displayWidth(right) - 2);
	return (
		<Text wrap="truncate">
			<Text bold color={theme.paint('cyan')}>
				{name}
			</Text>
			<Text>{padEnd(' ' + shortenPath(sanitizeLine(store), Math.max(0, room - 2), theme.glyphs.ellipsis), room)}</Text>
			<Text color={problems > 0 ? theme.paint('yellow') : undefined} dimColor={problems === 0}>
				{truncate(right, Math.max(0, width - displayWidth(name) - room), theme.glyphs.ellipsis)}
			</Text>
		</Text>
	);
}
