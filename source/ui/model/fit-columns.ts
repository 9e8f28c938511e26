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
	/** Scrolls with the column before it, as one (a metric's sparkline): never shown without it. */
	attach?: boolean;
}

export interface FittedColumn extends ColumnSpec {
	width: number;
}

export interface Fit {
	columns: FittedColumn[];
	/** Scrolling units (a column with those attached to it) out of view on each side. */
	hiddenLeft: number;
	hiddenRight: number;
	/** Scrolling units in all. */
	units: number;
	/** The scroll offset actually used (clamped). */
	scroll: number;
}

export const GAP = 1;
/** How wide a flexible (name) column starts before the others get their share. */
const FLEX_START = 24;

/** The moving columns in scrolling units: each column with the ones attached after it. */
function unitsOf(moving: readonly ColumnSpec[]): ColumnSpec[][] {
	const units: ColumnSpec[][] = [];
	for (const spec of moving) {
		const last = units[units.length - 1];
		if (spec.attach && last) last.push(spec);
		else units.push([spec]);
	}
	return units;
}

export function fitColumns(specs: readonly ColumnSpec[], width: number, scroll: number): Fit {
	const frozen = specs.filter((spec) => spec.frozen);
	const units = unitsOf(specs.filter((spec) => !spec.frozen));
	const start = Math.max(0, Math.min(scroll, units.length - 1));
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
	let shown = 0;
	for (let index = start; index < units.length; index++) {
		const unit = units[index]!;
		const room = width - total() - (widths.size > 0 ? GAP : 0);
		const followers = unit.slice(1).reduce((sum, spec) => sum + spec.ideal + GAP, 0);
		const [head] = unit as [ColumnSpec];
		if (room >= head.ideal + followers) {
			widths.set(head, head.ideal);
		} else if (shown === 0 && room - followers >= head.min) {
			widths.set(head, room - followers);
		} else {
			break;
		}
		for (const spec of unit.slice(1)) widths.set(spec, spec.ideal);
		shown++;
	}
	const flex = frozen.find((spec) => spec.flex);
	if (flex) widths.set(flex, Math.min(flex.ideal, widths.get(flex)! + Math.max(0, width - total())));
	const columns = specs.filter((spec) => widths.has(spec)).map((spec) => ({...spec, width: widths.get(spec)!}));
	return {columns, hiddenLeft: start, hiddenRight: units.length - start - shown, units: units.length, scroll: start};
}

/** The smallest scroll that keeps the moving column `index` in view, starting from `scroll`. */
export function scrollToShow(specs: readonly ColumnSpec[], width: number, scroll: number, index: number): number {
	if (index < scroll) return index;
	let candidate = scroll;
	while (candidate < index) {
		const fit = fitColumns(specs, width, candidate);
		if (candidate + fit.units - fit.hiddenLeft - fit.hiddenRight > index) return candidate;
		candidate++;
	}
	return candidate;
}
