// A one-line picture of a metric's history from the thinned sample kept in its summary.

import type {Glyphs} from '../theme.js';

/** Averages `values` into at most `width` buckets, keeping non-finite buckets non-finite. */
export function squeeze(values: readonly number[], width: number): number[] {
	if (values.length <= width) return [...values];
	const out: number[] = [];
	for (let bucket = 0; bucket < width; bucket++) {
		const from = Math.floor((bucket * values.length) / width);
		const to = Math.max(from + 1, Math.floor(((bucket + 1) * values.length) / width));
		let sum = 0;
		let bad = false;
		for (let i = from; i < to; i++) {
			const value = values[i]!;
			if (Number.isFinite(value)) sum += value;
			else bad = true;
		}
		out.push(bad ? Number.NaN : sum / (to - from));
	}
	return out;
}

export function sparkline(values: readonly number[], width: number, glyphs: Pick<Glyphs, 'spark' | 'sparkBad'>): string {
	if (width <= 0 || values.length === 0) return '';
	const points = squeeze(values, width);
	const finite = points.filter(Number.isFinite);
	const min = Math.min(...finite);
	const max = Math.max(...finite);
	const levels = glyphs.spark.length;
	return points
		.map((value) => {
			if (!Number.isFinite(value)) return glyphs.sparkBad;
			if (max === min) return glyphs.spark[Math.floor(levels / 2) - 1]!;
			return glyphs.spark[Math.min(levels - 1, Math.floor(((value - min) / (max - min)) * levels))]!;
		})
		.join('');
}
