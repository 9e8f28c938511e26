// The bottom line: a message when there is one, else the keys that matter in the focused
// pane (taken from the keymap), and on the right how many runs are marked.

import {Text} from 'ink';
import React, {useEffect} from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../text/width.js';
import {keyFor, keyLabel, type ActionName, type KeyContext} from '../keymap.js';
import {useUiActions, useUiState} from '../state/contexts.js';
import {useTheme} from '../theme.js';

const HINTS: Record<string, Array<[ActionName, KeyContext, string]>> = {
	experiments: [['open', 'experiments', 'open'], ['toggle-deleted', 'experiments', 'deleted'], ['pane-models', 'global', 'models'], ['help', 'global', 'help'], ['quit', 'global', 'quit']],
	runs: [['open', 'runs', 'open'], ['mark', 'runs', 'mark'], ['compare', 'global', 'compare'], ['filter', 'runs', 'filter'], ['sort', 'runs', 'sort'], ['fold', 'runs', 'fold'], ['help', 'global', 'help'], ['quit', 'global', 'quit']],
	detail: [['next-tab', 'detail', 'section'], ['zoom-chart', 'detail', 'chart'], ['x-axis', 'detail', 'step/time'], ['mark', 'detail', 'mark'], ['back', 'global', 'back'], ['help', 'global', 'help']],
	compare: [['open', 'compare', 'chart'], ['diff-only', 'compare', 'diff only'], ['baseline', 'compare', 'baseline'], ['flip-direction', 'compare', 'flip best'], ['next-column', 'compare', 'run'], ['back', 'global', 'back'], ['help', 'global', 'help']],
	chart: [['next-chart-metric', 'chart', 'metric'], ['x-axis', 'chart', 'step/time'], ['back', 'global', 'table'], ['help', 'global', 'help']],
	models: [['open', 'models', 'open run'], ['back', 'global', 'back'], ['help', 'global', 'help'], ['quit', 'global', 'quit']],
	running: [['open', 'running', 'open run'], ['back', 'global', 'back'], ['help', 'global', 'help'], ['quit', 'global', 'quit']],
	help: [['back', 'global', 'close'], ['quit', 'global', 'quit']],
	sort: [['sort-choose', 'sort', 'choose'], ['back', 'sort', 'close']],
};

const MESSAGE_MS = 5000;

export function StatusBar({width, right = ''}: {width: number; right?: string}): React.JSX.Element {
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
	const where = state.overlay?.kind === 'sort' ? 'sort' : state.pane === 'compare' && state.compare.view === 'chart' ? 'chart' : state.pane;
	const hints = (HINTS[where] ?? [['back', 'global', 'back'], ['help', 'global', 'help'], ['quit', 'global', 'quit']])
		.map(([action, context, label]) => {
			const key = keyFor(action as ActionName, context as KeyContext);
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
