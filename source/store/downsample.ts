// Downsampling for charts that never loses a peak: the points, in step order, are cut into
// equal stretches and each stretch keeps its first, lowest, highest and last point (and
// its first non-finite one, so the chart can still say that NaN or inf occurred). A loss
// that spiked to 1.03 once in a million steps still reaches 1.03 on the chart.

export interface PointSource {
	length: number;
	step(index: number): number;
	value(index: number): number;
}

/** Indexes of the points to keep, in step order (ties in logged order). */
export function downsample(points: PointSource, maxPoints: number): number[] {
	const order = stepOrder(points);
	if (order.length <= maxPoints) return order;
	const stretches = Math.max(1, Math.floor(maxPoints / 4));
	const kept: number[] = [];
	for (let stretch = 0; stretch < stretches; stretch++) {
		const from = Math.floor((stretch * order.length) / stretches);
		const to = Math.floor(((stretch + 1) * order.length) / stretches);
		if (to <= from) continue;
		let low = -1;
		let high = -1;
		let odd = -1;
		for (let position = from; position < to; position++) {
			const value = points.value(order[position]!);
			if (!Number.isFinite(value)) {
				if (odd < 0) odd = position;
				continue;
			}
			if (low < 0 || value < points.value(order[low]!)) low = position;
			if (high < 0 || value > points.value(order[high]!)) high = position;
		}
		const positions = new Set([from, to - 1, low, high, odd].filter((position) => position >= 0));
		for (const position of [...positions].sort((a, b) => a - b)) kept.push(order[position]!);
	}
	return kept;
}

/** Indexes sorted by step, stable; already-ordered files (the usual case) are not sorted. */
function stepOrder(points: PointSource): number[] {
	const order = Array.from({length: points.length}, (_, index) => index);
	let sorted = true;
	for (let index = 1; index < points.length; index++) {
		if (points.step(index) < points.step(index - 1)) {
			sorted = false;
			break;
		}
	}
	if (!sorted) order.sort((a, b) => points.step(a) - points.step(b) || a - b);
	return order;
}
