// Which panes are on screen and how big, from the focused pane and the terminal size.
// At 80x24 one pane fills the screen; from 120 columns experiments and runs sit side by
// side; from 36 rows as well, the selected run's detail fills the lower part.

export const WIDE = 120;
export const TALL = 36;

export interface PaneBox {
	id: string;
	width: number;
	height: number;
}

export interface Layout {
	/** Panes side by side, separated by one column. */
	top: PaneBox[];
	/** One pane across the whole width under the top row, after a rule line. */
	bottom?: PaneBox;
	width: number;
	height: number;
}

const BROWSE = new Set(['experiments', 'runs', 'detail']);

export function computeLayout(pane: string, width: number, height: number, hasRun: boolean): Layout {
	const wide = width >= WIDE;
	const tall = height >= TALL - 3;
	const single: Layout = {top: [{id: pane, width, height}], width, height};
	if (!wide || !BROWSE.has(pane)) return single;
	const withDetail = tall && hasRun;
	if (pane === 'detail' && !withDetail) return single;
	const left = Math.max(30, Math.min(48, Math.round(width * 0.26)));
	const topHeight = withDetail ? Math.max(8, Math.round(height * 0.5)) : height;
	const layout: Layout = {
		top: [
			{id: 'experiments', width: left, height: topHeight},
			{id: 'runs', width: width - left - 1, height: topHeight},
		],
		width,
		height,
	};
	if (withDetail) layout.bottom = {id: 'detail', width, height: height - topHeight - 1};
	return layout;
}

export function visiblePanes(layout: Layout): string[] {
	return [...layout.top.map((box) => box.id), ...(layout.bottom ? [layout.bottom.id] : [])];
}

export function paneBox(layout: Layout, id: string): PaneBox | undefined {
	return [...layout.top, ...(layout.bottom ? [layout.bottom] : [])].find((box) => box.id === id);
}
