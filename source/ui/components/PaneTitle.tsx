// The first line of a pane: what it shows on the left, counts and state on the right.
// The focused pane's title is inverted, so it is clear where the keys go.

import {Text} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../text/width.js';
import {useTheme} from '../theme.js';

interface Props {
	title: string;
	info?: string;
	width: number;
	focused: boolean;
}

export function titleLine(title: string, info: string, width: number, ellipsis: string): string {
	const right = info ? truncate(sanitizeLine(info), Math.max(0, Math.floor(width / 2) - 1), ellipsis) : '';
	const room = width - (right ? displayWidth(right) + 1 : 0);
	const left = truncate(' ' + sanitizeLine(title), room, ellipsis);
	return padEnd(left, room) + (right ? right + ' ' : '');
}

export function PaneTitle({title, info = '', width, focused}: Props): React.JSX.Element {
	const theme = useTheme();
	return (
		<Text wrap="truncate" bold inverse={focused} color={focused ? undefined : theme.paint('gray')}>
			{titleLine(title, info, width, theme.glyphs.ellipsis)}
		</Text>
	);
}
