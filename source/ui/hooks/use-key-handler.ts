// The one place keys are read. A key is looked up in the keymap for the contexts in force
// (the open picker or input first, then the focused pane, then anywhere) and the bound
// action runs; the filter input takes printable keys as text instead.

import {useApp, useInput, useStdin, type Key} from 'ink';
import {useRef} from 'react';
import {activeContexts, focus, handle} from '../key-actions.js';
import {keyName} from '../key-names.js';
import {findBinding} from '../keymap.js';
import type {ActionContext} from '../screens/screen.js';
import {reduce, type UiEvent} from '../state/reducer.js';
import type {Overlay} from '../state/state.js';
import {useStoreHandle} from '../store-context.js';

type Inputs = Omit<ActionContext, 'exit' | 'focus'>;

/** Edits the filter text for keys that are not bindings; returns the new overlay, if changed. */
export function editFilter(overlay: Extract<Overlay, {kind: 'filter'}>, input: string, key: Key): Extract<Overlay, {kind: 'filter'}> | undefined {
	const chars = [...overlay.text];
	const {cursor} = overlay;
	if (key.backspace || key.delete) {
		if (cursor === 0) return undefined;
		chars.splice(cursor - 1, 1);
		return {...overlay, text: chars.join(''), cursor: cursor - 1};
	}
	if (key.leftArrow) return {...overlay, cursor: Math.max(0, cursor - 1)};
	if (key.rightArrow) return {...overlay, cursor: Math.min(chars.length, cursor + 1)};
	if (key.home || (key.ctrl && input === 'a')) return {...overlay, cursor: 0};
	if (key.end || (key.ctrl && input === 'e')) return {...overlay, cursor: chars.length};
	if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.tab || key.return || key.escape) return undefined;
	// Printable text, one key or a paste; newlines in a paste become spaces.
	const typed = [...input.replace(/[\r\n\t]+/g, ' ')].filter((char) => char >= ' ' && char !== '\u007f');
	if (typed.length === 0) return undefined;
	chars.splice(cursor, 0, ...typed);
	return {...overlay, text: chars.join(''), cursor: cursor + typed.length};
}

/** A key as Ink would report it had the character come alone (for bursts split apart). */
function keyOfChar(char: string): {input: string; key: Key} {
	const code = char.codePointAt(0)!;
	const key: Key = {
		upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
		return: char === '\r' || char === '\n', escape: false, ctrl: false, shift: /[A-Z]/.test(char), tab: char === '\t',
		backspace: char === '\u007f' || char === '\b', delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
	};
	if (code < 32 && !key.return && !key.tab && !key.backspace) return {input: String.fromCharCode(code + 96), key: {...key, ctrl: true}};
	return {input: key.return || key.tab || key.backspace ? '' : char, key};
}

export function useKeyHandler(inputs: Inputs): void {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const latest = useRef(inputs);
	latest.current = inputs;
	const {changes} = useStoreHandle();
	useInput(
		(input, key) => {
			changes.inputSeen();
			// Held-down keys and fast typing arrive as several characters at once; take them
			// one by one. State is carried along here because React renders after the batch.
			let state = latest.current.state;
			const dispatch = (event: UiEvent) => {
				state = reduce(state, event);
				latest.current.dispatch(event);
			};
			const one = (text: string, pressed: Key) => {
				// focus() looks at the state as the handler has changed it so far (the artifact it chose).
				const context: ActionContext = {...latest.current, state, dispatch, exit, focus: (pane, remember) => focus({...context, state}, pane, remember)};
				const name = keyName(text, pressed);
				if (name === 'ctrl-c') return exit();
				const binding = name === undefined ? undefined : findBinding(activeContexts(state, latest.current.models), name);
				if (binding) return handle(binding, context);
				const overlay = state.overlay;
				if (overlay?.kind === 'filter') {
					const next = editFilter(overlay, text, pressed);
					if (next) dispatch({type: 'overlay', overlay: next});
				}
			};
			const plain = !key.ctrl && !key.meta && !key.escape && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown && !key.home && !key.end;
			const chars = [...input];
			if (chars.length > 1 && plain) {
				for (const char of chars) {
					const split = keyOfChar(char);
					one(split.input, split.key);
				}
			} else {
				one(input, key);
			}
		},
		// Ink only leaves stdin alone when this is exactly false (see ink-stack.md).
		{isActive: isRawModeSupported === true},
	);
}
