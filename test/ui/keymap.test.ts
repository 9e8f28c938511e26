// One keymap drives the keys and the help screen; it must be consistent.

import {describe, expect, it} from 'vitest';
import {isHandled} from '../../source/ui/key-actions.js';
import {helpSections} from '../../source/ui/screens/help/HelpView.js';
import {keymap} from '../../source/ui/keymap.js';

describe('the keymap', () => {
	it('has a handler for every action it binds, in the context it binds it', () => {
		for (const binding of keymap) expect(isHandled(binding), `${binding.context}:${binding.action}`).toBe(true);
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

	it('keeps the keys people reach for: vim moves, Tab and digits, / in every list, s Space c ? q, H W, y o e', () => {
		const actionOf = (context: string, key: string) => keymap.find((binding) => binding.context === context && binding.keys.includes(key))?.action;
		expect([actionOf('list', 'j'), actionOf('list', 'k'), actionOf('list', 'g'), actionOf('list', 'G'), actionOf('list', 'ctrl-d'), actionOf('list', 'ctrl-u')]).toEqual(['down', 'up', 'top', 'bottom', 'page-down', 'page-up']);
		expect([actionOf('global', 'tab'), actionOf('global', '1'), actionOf('global', 'esc'), actionOf('global', '?'), actionOf('global', 'q')]).toEqual(['next-pane', 'pane-experiments', 'back', 'help', 'quit']);
		expect([actionOf('list', '/'), actionOf('runs', 's'), actionOf('runs', 'space'), actionOf('global', 'c')]).toEqual(['search', 'sort', 'mark', 'compare']);
		expect([actionOf('compare', 'd'), actionOf('compare', 'b')]).toEqual(['diff-only', 'baseline']);
		expect([actionOf('global', 'H'), actionOf('global', 'W')]).toEqual(['health', 'webui']);
		expect([actionOf('global', 'y'), actionOf('global', 'o'), actionOf('global', 'e'), actionOf('detail', 'enter')]).toEqual(['copy', 'open-web', 'export', 'open']);
	});
});
