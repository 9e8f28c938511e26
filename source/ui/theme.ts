// Colours and glyphs for one session, chosen once from the environment and --ascii.
// NO_COLOR (https://no-color.org) drops colours only: bold and inverse still mark the
// selection, so the UI stays usable without them.

import {createContext, useContext} from 'react';
import {STATUS_GLYPH} from '../text/format.js';
import type {RunStatus} from '../store/types.js';

export interface Glyphs {
	/** Eight levels, lowest first, for sparklines. */
	spark: string[];
	/** Shown in a sparkline where the history holds NaN or ±inf. */
	sparkBad: string;
	separator: string;
	rule: string;
	mark: string;
	/** In front of the row under the cursor (visible even where inverse video is not). */
	pointer: string;
	folded: string;
	unfolded: string;
	branch: string;
	lastBranch: string;
	pipe: string;
	ellipsis: string;
	up: string;
	down: string;
	baseline: string;
	bullet: string;
	/** asciichart's ten symbols: ┼ ┤ ╶ ╴ ─ ╰ ╭ ╮ ╯ │ */
	chart: [string, string, string, string, string, string, string, string, string, string];
	status(status: RunStatus): string;
}

const UNICODE: Glyphs = {
	spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
	sparkBad: '×',
	separator: '│',
	rule: '─',
	mark: '●',
	pointer: '›',
	folded: '▸',
	unfolded: '▾',
	branch: '├─',
	lastBranch: '└─',
	pipe: '│ ',
	ellipsis: '…',
	up: '▲',
	down: '▼',
	baseline: '◆',
	bullet: '■',
	chart: ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'],
	status: (status) => STATUS_GLYPH[status]?.unicode ?? '?',
};

const ASCII: Glyphs = {
	spark: ['_', '.', ',', '-', '~', '=', '*', '#'],
	sparkBad: 'x',
	separator: '|',
	rule: '-',
	mark: '*',
	pointer: '>',
	folded: '+',
	unfolded: '-',
	branch: '|-',
	lastBranch: '`-',
	pipe: '| ',
	ellipsis: '~',
	up: '^',
	down: 'v',
	baseline: '@',
	bullet: '#',
	chart: ['+', '|', '-', '-', '-', "'", '.', '.', "'", '|'],
	status: (status) => STATUS_GLYPH[status]?.ascii ?? '?',
};

/** Ink colour names; one per compared run, in order. */
export const SERIES_COLORS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red', 'cyanBright', 'magentaBright', 'yellowBright', 'greenBright'];

export interface Theme {
	color: boolean;
	ascii: boolean;
	glyphs: Glyphs;
	/** An Ink colour, or undefined when colours are off. */
	paint(color: string): string | undefined;
	seriesColor(index: number): string | undefined;
}

export function makeTheme(options: {ascii: boolean; env: NodeJS.ProcessEnv}): Theme {
	const color = !options.env['NO_COLOR'];
	return {
		color,
		ascii: options.ascii,
		glyphs: options.ascii ? ASCII : UNICODE,
		paint: (name) => (color ? name : undefined),
		seriesColor: (index) => (color ? SERIES_COLORS[index % SERIES_COLORS.length] : undefined),
	};
}

/** Marks series on a chart when colours are off: 1..9 then letters. */
export function seriesLabel(index: number): string {
	return index < 9 ? String(index + 1) : String.fromCharCode(97 + ((index - 9) % 26));
}

export const ThemeContext = createContext<Theme>(makeTheme({ascii: false, env: {}}));

export function useTheme(): Theme {
	return useContext(ThemeContext);
}
