// Line charts of metric histories with asciichart, several runs on one pair of axes.
// asciichart draws one column per value and throws on NaN, empty or gappy input, so each
// series is first resampled onto the shared x grid, then plotted on its own with the
// shared y range and laid over the others cell by cell. Knowing which series owns each
// cell is what lets the view colour it (or, under NO_COLOR, write the series' number).

import {plot} from 'asciichart';

export interface Point {
	x: number;
	y: number;
}

export interface Segment {
	text: string;
	/** Index of the series drawn here; undefined for axis, labels and blanks. */
	series?: number;
}

export type ChartLine = Segment[];

export interface ChartOptions {
	width: number;
	/** Lines in all, the x-axis labels included (at least 3). */
	height: number;
	symbols: [string, string, string, string, string, string, string, string, string, string];
	formatX: (x: number) => string;
	/** Replaces every cell of series i with this character (NO_COLOR with several series). */
	seriesChar?: (index: number) => string;
	/** Order to draw in; the last one drawn wins a shared cell. Default: last series on top. */
	drawOrder?: number[];
}

export interface Chart {
	lines: ChartLine[];
	xMin: number;
	xMax: number;
	yMin: number;
	yMax: number;
	/** Points dropped because they were NaN or infinite. */
	dropped: number;
}

const OFFSET = 3;

/** Short axis labels: 4 significant digits, exponent form for the very large or small. */
export function formatTick(value: number): string {
	if (value === 0) return '0';
	const abs = Math.abs(value);
	if (abs >= 1e5 || abs < 1e-3) return value.toExponential(2);
	return String(Number(value.toPrecision(4)));
}

export interface Resampled {
	start: number;
	/** The line: each column's mean, straight lines across columns with no point. */
	values: number[];
	/** Each column's lowest and highest point (the line's value where the column had none). */
	low: number[];
	high: number[];
}

/**
 * One column per grid position. A column covering many points keeps its lowest and highest
 * one as well as their mean, so a spike among a million steps is still drawn at its height.
 */
export function resample(points: readonly Point[], xMin: number, xMax: number, columns: number): Resampled | undefined {
	if (points.length === 0) return undefined;
	const span = xMax - xMin;
	const buckets = new Map<number, {sum: number; count: number; low: number; high: number}>();
	for (const point of points) {
		const position = span > 0 ? Math.round(((point.x - xMin) / span) * columns) : 0;
		const bucket = buckets.get(position);
		if (!bucket) buckets.set(position, {sum: point.y, count: 1, low: point.y, high: point.y});
		else {
			bucket.sum += point.y;
			bucket.count++;
			if (point.y < bucket.low) bucket.low = point.y;
			if (point.y > bucket.high) bucket.high = point.y;
		}
	}
	const positions = [...buckets.keys()].sort((a, b) => a - b);
	const start = positions[0]!;
	const end = positions[positions.length - 1]!;
	const values: number[] = [];
	const low: number[] = [];
	const high: number[] = [];
	for (let index = 0; index + 1 < positions.length; index++) {
		const from = positions[index]!;
		const to = positions[index + 1]!;
		const a = buckets.get(from)!;
		const b = buckets.get(to)!;
		const ya = a.sum / a.count;
		const yb = b.sum / b.count;
		for (let position = from; position < to; position++) {
			const y = ya + ((yb - ya) * (position - from)) / (to - from);
			values.push(y);
			low.push(position === from ? a.low : y);
			high.push(position === from ? a.high : y);
		}
	}
	const last = buckets.get(end)!;
	values.push(last.sum / last.count);
	low.push(last.low);
	high.push(last.high);
	return {start, values, low, high};
}

interface YLayout {
	sampled: Array<Resampled | undefined>;
	yMin: number;
	yMax: number;
	height: number;
	rows: number;
	min2: number;
	max2: number;
	ratio: number;
	labelOf: (row: number) => string;
	labelWidth: number;
	columns: number;
}

function layoutY(clean: ReadonlyArray<readonly Point[]>, xMin: number, xMax: number, options: ChartOptions, labelWidth: number): YLayout {
	const columns = Math.max(1, options.width - (labelWidth + OFFSET - 1) - 1);
	const sampled = clean.map((points) => resample(points, xMin, xMax, columns));
	let yMin = Number.POSITIVE_INFINITY;
	let yMax = Number.NEGATIVE_INFINITY;
	for (const series of sampled) {
		for (const value of series?.low ?? []) yMin = Math.min(yMin, value);
		for (const value of series?.high ?? []) yMax = Math.max(yMax, value);
	}
	if (yMin === yMax) {
		// A flat line: give it room above and below instead of a one-row chart.
		const pad = Math.abs(yMin) * 0.01 || 1;
		yMin -= pad;
		yMax += pad;
	}
	// asciichart draws `height + 1` rows; one more line is the x axis.
	const height = Math.max(1, options.height - 2);
	const range = yMax - yMin;
	const ratio = height / range;
	const min2 = Math.round(yMin * ratio);
	const max2 = Math.round(yMax * ratio);
	const rows = Math.abs(max2 - min2);
	const labelOf = (row: number) => formatTick(rows > 0 ? yMax - (row * range) / rows : yMax);
	let width = 1;
	for (let row = 0; row <= rows; row++) width = Math.max(width, labelOf(row).length);
	return {sampled, yMin, yMax, height, rows, min2, max2, ratio, labelOf, labelWidth: width, columns};
}

export function renderChart(seriesList: ReadonlyArray<readonly Point[]>, options: ChartOptions): Chart | undefined {
	let dropped = 0;
	const clean = seriesList.map((points) =>
		points.filter((point) => {
			const ok = Number.isFinite(point.y) && Number.isFinite(point.x);
			if (!ok) dropped++;
			return ok;
		}),
	);
	const all = clean.flat();
	if (all.length === 0 || options.height < 3) return undefined;
	let xMin = Number.POSITIVE_INFINITY;
	let xMax = Number.NEGATIVE_INFINITY;
	for (const point of all) {
		xMin = Math.min(xMin, point.x);
		xMax = Math.max(xMax, point.x);
	}
	// The y range is that of each column's lowest and highest point. Label width depends on
	// the range and the columns on the label width, hence the second pass.
	let labelWidth = 6;
	let geometry = layoutY(clean, xMin, xMax, options, labelWidth);
	if (geometry.labelWidth !== labelWidth) {
		labelWidth = geometry.labelWidth;
		geometry = layoutY(clean, xMin, xMax, options, labelWidth);
	}
	const {sampled, yMin, yMax, rows, min2, max2, ratio, labelOf, columns} = geometry;
	labelWidth = geometry.labelWidth;
	let realMin = Number.POSITIVE_INFINITY;
	let realMax = Number.NEGATIVE_INFINITY;
	for (const point of all) {
		realMin = Math.min(realMin, point.y);
		realMax = Math.max(realMax, point.y);
	}
	const prefix = labelWidth + OFFSET - 1;
	const cfg = {
		min: yMin,
		max: yMax,
		height: geometry.height,
		offset: OFFSET,
		symbols: options.symbols,
		format: (value: number) => formatTick(value).padStart(labelWidth),
	};

	const grid: Array<Array<{char: string; series?: number}>> = [];
	for (let row = 0; row <= rows; row++) {
		const cells: Array<{char: string; series?: number}> = [];
		const label = labelOf(row).padStart(labelWidth) + ' ';
		for (const char of label) cells.push({char});
		cells.push({char: max2 - row === 0 ? options.symbols[0] : options.symbols[1]});
		for (let column = 0; column < columns; column++) cells.push({char: ' '});
		grid.push(cells);
	}
	const order = options.drawOrder ?? clean.map((_, index) => index);
	for (const index of order) {
		const series = sampled[index];
		if (!series) continue;
		const mark = options.seriesChar?.(index);
		if (series.values.length === 1) {
			const row = max2 - Math.round(series.values[0]! * ratio);
			const cell = grid[Math.max(0, Math.min(rows, row))]![prefix + Math.min(series.start, columns - 1)]!;
			cell.char = mark ?? options.symbols[4];
			cell.series = index;
			continue;
		}
		const drawn = plot(series.values, cfg).split('\n');
		drawn.forEach((line, row) => {
			const cells = [...line.slice(prefix)].slice(0, series.values.length - 1);
			cells.forEach((char, offset) => {
				if (char === ' ') return;
				const cell = grid[row]?.[prefix + series.start + offset];
				if (!cell) return;
				cell.char = mark ?? char;
				cell.series = index;
			});
		});
		// Where a column's points spread beyond the line, a bar shows how far.
		series.values.forEach((_, offset) => {
			const top = max2 - Math.round(series.high[offset]! * ratio);
			const bottom = max2 - Math.round(series.low[offset]! * ratio);
			for (let row = Math.max(0, top); row <= Math.min(rows, bottom); row++) {
				const cell = grid[row]![prefix + series.start + offset];
				if (!cell || cell.char !== ' ') continue;
				cell.char = mark ?? options.symbols[9];
				cell.series = index;
			}
		});
	}
	// Rounding in the y scale can yield one row more than asked for.
	grid.length = Math.min(grid.length, options.height - 1);
	const lines = grid.map((cells) => {
		const segments: Segment[] = [];
		for (const cell of cells) {
			const last = segments[segments.length - 1];
			if (last && last.series === cell.series) last.text += cell.char;
			else segments.push(cell.series === undefined ? {text: cell.char} : {text: cell.char, series: cell.series});
		}
		return segments;
	});
	// The x axis: first and last x under the plot's ends, a middle one when there is room.
	const left = options.formatX(xMin);
	const right = xMax === xMin ? '' : options.formatX(xMax);
	const axisWidth = prefix + columns;
	let axis = ' '.repeat(prefix) + left;
	const middle = xMax === xMin ? '' : options.formatX((xMin + xMax) / 2);
	const middleAt = prefix + Math.floor(columns / 2) - Math.floor(middle.length / 2);
	if (middle && middleAt > axis.length + 2 && middleAt + middle.length + 2 < axisWidth - right.length) axis = axis.padEnd(middleAt) + middle;
	if (right && axis.length + 2 + right.length <= axisWidth) axis = axis.padEnd(axisWidth - right.length) + right;
	lines.push([{text: axis}]);
	return {lines, xMin, xMax, yMin: realMin, yMax: realMax, dropped};
}
