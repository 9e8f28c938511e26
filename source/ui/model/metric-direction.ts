// Which way is better for a metric. Names are a guess (loss, error, rmse… go down; the rest
// go up), so the compare screen lets the user flip any metric.

export type Direction = 'lower' | 'higher';

const LOWER_IS_BETTER = /loss|err|mse|mae|mape|perplexity|\bppl\b|\bwer\b|\bcer\b|\bnll\b|\bl[12]\b|latency|regret|brier|deviance|\bcost\b/i;

export function defaultDirection(key: string): Direction {
	return LOWER_IS_BETTER.test(key) ? 'lower' : 'higher';
}

export function directionOf(key: string, overrides: Readonly<Record<string, Direction>>): Direction {
	return overrides[key] ?? defaultDirection(key);
}

/** The best of some values (finite ones only), or undefined when none is finite. */
export function bestOf(values: ReadonlyArray<number | undefined>, direction: Direction): number | undefined {
	let best: number | undefined;
	for (const value of values) {
		if (value === undefined || !Number.isFinite(value)) continue;
		if (best === undefined || (direction === 'lower' ? value < best : value > best)) best = value;
	}
	return best;
}

/** +1 when `value` is better than `reference`, -1 when worse, 0 when equal or not comparable. */
export function betterThan(value: number | undefined, reference: number | undefined, direction: Direction): number {
	if (value === undefined || reference === undefined || !Number.isFinite(value) || !Number.isFinite(reference) || value === reference) return 0;
	return (value < reference) === (direction === 'lower') ? 1 : -1;
}
