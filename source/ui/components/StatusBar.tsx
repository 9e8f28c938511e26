// The bottom line: a message when there is one, else the keys that matter in the focused
// screen (its hints, with the keys taken from the keymap), and on the right how many runs
// are marked.

import {Text} from 'ink';
import React, {useEffect} from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../text/width.js';
import {keyFor, keyLabel, type ActionName, type KeyContext} from '../keymap.js';
import {useUiActions, useUiState} from '../state/contexts.js';
import {useTheme} from '../theme.js';

const MESSAGE_MS = 5000;

export type Hint = [ActionName, KeyContext, string];

const DEFAULT_HINTS: Hint[] = [['back', 'global', 'back'], ['help', 'global', 'help'], ['quit', 'global', 'quit']];

export function StatusBar({width, right = '', hints: given}: {width: number; right?: string; hints?: Hint[]}): React.JSX.Element {
	const theme = useTheme();
	const state = useUiState();
	const {dispatch} = useUiActions();
	const message = state.message;
	useEffect(() => {
		if (!message) return;
		const timer = setTimeout(() => dispatch({type: 'clear-message', serial: message.serial}), MESSAGE_MS);
		return () => clearTimeout(timer);
	}, [message, dispatch]);

	const marks = state.marks.length > 0 ? `${theme.glyphs.mark} ${state.marks.length} marked` : '';
	const tail = [marks, right].filter(Boolean).join('  ');
	const room = Math.max(0, width - (tail ? displayWidth(tail) + 2 : 0));
	if (message) {
		const color = message.tone === 'error' ? 'red' : message.tone === 'warn' ? 'yellow' : 'cyan';
		return (
			<Text wrap="truncate">
				<Text color={theme.paint(color)} bold={message.tone !== 'info'}>
					{padEnd(truncate(' ' + sanitizeLine(message.text), room, theme.glyphs.ellipsis), room)}
				</Text>
				<Text dimColor>{tail ? '  ' + tail : ''}</Text>
			</Text>
		);
	}
	const hints = (given ?? DEFAULT_HINTS)
		.map(([action, context, label]) => {
			const key = keyFor(action, context);
			return key ? `${keyLabel(key, theme.ascii)} ${label}` : '';
		})
		.filter(Boolean)
		.join('  ');
	return (
		<Text wrap="truncate">
			<Text dimColor>{padEnd(truncate(' ' + hints, room, theme.glyphs.ellipsis), room)}</Text>
			<Text>{tail ? '  ' + tail : ''}</Text>
		</Text>
	);
}
