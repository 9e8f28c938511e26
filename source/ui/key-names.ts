// Ink's (input, key) pair as one name the keymap can hold: 'j', 'G', 'down', 'ctrl-d'.

import type {Key} from 'ink';

export function keyName(input: string, key: Key): string | undefined {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageDown) return 'pgdn';
	if (key.pageUp) return 'pgup';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'enter';
	if (key.escape) return 'esc';
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	if (key.backspace || key.delete) return 'backspace';
	if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
	if (key.meta) return undefined;
	if (input === ' ') return 'space';
	if ([...input].length === 1) return input;
	return undefined;
}
