// Renders the real App on a real store with ink-testing-library, at a chosen terminal
// size, and drives it with keys the way a person would.

import {render} from 'ink-testing-library';
import React from 'react';
import {FileStore} from '../../../source/store/file/file-store.js';
import {displayWidth} from '../../../source/text/width.js';
import {App} from '../../../source/ui/App.js';
import {makeTheme} from '../../../source/ui/theme.js';
import type {ChangeSource} from '../../../source/store/file/watch/change-source.js';
import {silentFeed} from '../../../source/tui.js';

export const KEY = {
	enter: '\r',
	esc: '\u001B',
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	tab: '\t',
	space: ' ',
	ctrlD: '\u0004',
	ctrlU: '\u0015',
	backspace: '\u007F',
} as const;

export interface AppOptions {
	columns?: number;
	rows?: number;
	ascii?: boolean;
	/** Colours on (default off, as with NO_COLOR). */
	color?: boolean;
	experimentId?: string;
	source?: ChangeSource;
	/** What the app sees of its terminal (TMUX, SSH_CONNECTION…); none by default, so no test reaches a real tmux. */
	env?: NodeJS.ProcessEnv;
	/** Where e writes. */
	cwd?: string;
}

const ANSI = /\u001B\[[0-9;?]*[A-Za-z]|\u001B\][^\u0007]*\u0007/g;

export function stripAnsi(text: string): string {
	return text.replace(ANSI, '');
}

export function setSize(stdout: NodeJS.EventEmitter, columns: number, rows: number): void {
	Object.defineProperty(stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(stdout, 'rows', {value: rows, configurable: true});
	stdout.emit('resize');
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 15));
	}
}

export function renderApp(storeRoot: string, options: AppOptions = {}) {
	const store = new FileStore(storeRoot);
	const theme = makeTheme({ascii: options.ascii ?? false, env: options.color ? {} : {NO_COLOR: '1'}});
	const feed = options.source ? store.followWith(options.source) : silentFeed;
	const app = render(<App store={store} feed={feed} theme={theme} env={options.env ?? {}} {...(options.cwd === undefined ? {} : {cwd: options.cwd})} {...(options.experimentId === undefined ? {} : {experimentId: options.experimentId})} />);
	setSize(app.stdout, options.columns ?? 80, options.rows ?? 24);
	const screen = () => stripAnsi(app.lastFrame() ?? '');
	const lines = () => screen().split('\n');
	return {
		...app,
		store,
		screen,
		/** Everything written to the terminal so far, escape sequences included. */
		written: () => app.frames.join(''),
		lines,
		/** Waits until the screen shows `text` (or passes the check). */
		async see(text: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string> {
			const test = typeof text === 'function' ? text : (value: string) => (typeof text === 'string' ? value.includes(text) : text.test(value));
			try {
				await waitFor(() => test(screen()), String(text), timeoutMs);
			} catch (error) {
				throw new Error(`${(error as Error).message}\n--- screen ---\n${screen()}`);
			}
			return screen();
		},
		/** Presses keys one at a time, letting the app take each one before the next. */
		async press(...keys: string[]): Promise<void> {
			for (const key of keys) {
				const before = app.frames.length;
				app.stdin.write(key);
				// Most keys redraw; wait briefly for that, but do not insist (some change nothing).
				await waitFor(() => app.frames.length > before, 'a redraw', 300).catch(() => {});
			}
		},
		/** The line under the cursor (it starts with the pointer glyph). */
		selected(): string | undefined {
			return lines().find((line) => line.includes('›'));
		},
		/** Moves the cursor down (from the top) to the row containing `text`. */
		async select(text: string, maxSteps = 60): Promise<void> {
			const selected = () => lines().find((line) => line.includes('›'));
			app.stdin.write('g');
			await waitFor(() => selected() !== undefined && lines().indexOf(selected()!) <= 4, 'the cursor at the top', 2000).catch(() => {});
			for (let step = 0; step < maxSteps; step++) {
				const current = selected();
				if (current?.includes(text)) return;
				app.stdin.write('j');
				await waitFor(() => selected() !== current, `the cursor to move past ${current}`, 2000);
			}
			throw new Error(`no row with ${text}
${screen()}`);
		},
		/** Lines wider than the terminal (there should be none). */
		overflow(columns: number): string[] {
			return lines().filter((line) => displayWidth(line) > columns);
		},
	};
}
