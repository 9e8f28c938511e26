// A line of text in place of an empty or loading list.

import {Text} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {truncate} from '../../text/width.js';
import {useTheme} from '../theme.js';

export function Notice({text, width, tone = 'info'}: {text: string; width: number; tone?: 'info' | 'error'}): React.JSX.Element {
	const theme = useTheme();
	return (
		<Text wrap="truncate" color={tone === 'error' ? theme.paint('red') : theme.paint('gray')}>
			{truncate(' ' + sanitizeLine(text), width, theme.glyphs.ellipsis)}
		</Text>
	);
}
