// One keymap drives the keys and the help screen; it must be consistent.

import {describe, expect, it} from 'vitest';
import {helpSections} from '../../source/ui/components/HelpScreen.js';
import {handlers} from '../../source/ui/key-actions.js';
import {keymap} from '../../source/ui/keymap.js';

describe('the keymap', () => {
	it('has a handler for every action it binds', () => {
		for (const binding of keymap) expect(typeof handlers[binding.action]).toBe('function');
	});

	it('never binds one key twice in the same context', () => {
		const seen = new Set<string>();
		for (const binding of keymap) {
			for (const key of binding.keys) {
				const id = `${binding.context}:${key}`;
				expect(seen.has(id), `${id} bound twice`).toBe(false);
				seen.add(id);
			}
		}
	});

	it('lists every binding on the help screen', () => {
		const help = helpSections(false).flat().map((line) => line.text).join('\n');
		for (const binding of keymap) expect(help).toContain(binding.description);
	});

	it('keeps the keys the issue names: vim moves, Tab and digits, / s Space c ? q, and H W reserved', () => {
		const actionOf = (context: string, key: string) => keymap.find((binding) => binding.context === context && binding.keys.includes(key))?.action;
		expect([actionOf('list', 'j'), actionOf('list', 'k'), actionOf('list', 'g'), actionOf('list', 'G'), actionOf('list', 'ctrl-d'), actionOf('list', 'ctrl-u')]).toEqual(['down', 'up', 'top', 'bottom', 'page-down', 'page-up']);
		expect([actionOf('global', 'tab'), actionOf('global', '1'), actionOf('global', 'esc'), actionOf('global', '?'), actionOf('global', 'q')]).toEqual(['next-pane', 'pane-experiments', 'back', 'help', 'quit']);
		expect([actionOf('runs', '/'), actionOf('runs', 's'), actionOf('runs', 'space'), actionOf('global', 'c')]).toEqual(['filter', 'sort', 'mark', 'compare']);
		expect([actionOf('compare', 'd'), actionOf('compare', 'b')]).toEqual(['diff-only', 'baseline']);
		expect([actionOf('global', 'H'), actionOf('global', 'W')]).toEqual(['health', 'webui']);
	});
});
