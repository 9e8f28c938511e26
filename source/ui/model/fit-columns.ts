// Fitting table columns into the terminal's width: frozen columns (mark, status, name)
// always show, the rest scroll sideways, and no row is ever wider than the screen.

export interface ColumnSpec {
	id: string;
	header: string;
	/** Widest content, header included. */
	ideal: number;
	min: number;
	align?: 'left' | 'right';
	/** Shown whatever the sideways scroll. */
	frozen?: boolean;
	/** Grows into leftover width, up to `ideal` (one column at most). */
	flex?: boolean;
}

export interface FittedColumn extends ColumnSpec {
	width: number;
}

export interface Fit {
	columns: FittedColumn[];
	hiddenLeft: number;
	hiddenRight: number;
	/** The scroll offset actually used (clamped). */
	scroll: number;
}

export const GAP = 1;
/** How wide a flexible (name) column starts before the others get their share. */
const FLEX_START = 24;

export function fitColumns(specs: readonly ColumnSpec[], width: number, scroll: number): Fit {
	const frozen = specs.filter((spec) => spec.frozen);
	const moving = specs.filter((spec) => !spec.frozen);
	const start = Math.max(0, Math.min(scroll, moving.length - 1));
	const widths = new Map<ColumnSpec, number>();
	for (const spec of frozen) widths.set(spec, spec.flex ? Math.max(spec.min, Math.min(spec.ideal, FLEX_START)) : spec.ideal);
	const total = () => {
		let sum = 0;
		for (const value of widths.values()) sum += value;
		return sum + GAP * Math.max(0, widths.size - 1);
	};
	// Frozen columns alone too wide: shrink the widest ones down to their minimum.
	while (total() > width) {
		let widest: ColumnSpec | undefined;
		for (const spec of frozen) if (widths.get(spec)! > spec.min && (!widest || widths.get(spec)! > widths.get(widest)!)) widest = spec;
		if (!widest) break;
		widths.set(widest, Math.max(widest.min, widths.get(widest)! - (total() - width)));
	}
	const shown: ColumnSpec[] = [];
	for (let index = start; index < moving.length; index++) {
		const spec = moving[index]!;
		const room = width - total() - (widths.size > 0 ? GAP : 0);
		if (room >= spec.ideal) {
			widths.set(spec, spec.ideal);
		} else if (shown.length === 0 && room >= spec.min) {
			widths.set(spec, room);
		} else {
			break;
		}
		shown.push(spec);
	}
	const flex = frozen.find((spec) => spec.flex);
	if (flex) widths.set(flex, Math.min(flex.ideal, widths.get(flex)! + Math.max(0, width - total())));
	const columns = specs.filter((spec) => widths.has(spec)).map((spec) => ({...spec, width: widths.get(spec)!}));
	return {columns, hiddenLeft: start, hiddenRight: moving.length - start - shown.length, scroll: start};
}

/** The smallest scroll that keeps the moving column `index` in view, starting from `scroll`. */
export function scrollToShow(specs: readonly ColumnSpec[], width: number, scroll: number, index: number): number {
	if (index < scroll) return index;
	let candidate = scroll;
	while (candidate < index) {
		const fit = fitColumns(specs, width, candidate);
		if (candidate + fit.columns.filter((column) => !column.frozen).length > index) return candidate;
		candidate++;
	}
	return candidate;
}
