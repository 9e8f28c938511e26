// A running summary of one metric's history: latest by MLflow's rule, finite min/max,
// counts and a bounded sample for sparklines that keeps the extremes: the history is cut
// into equal runs of points and each run keeps its smallest and largest value, in the
// order they came. Fed point by point so that a live reader can extend it from where it
// stopped instead of keeping whole histories in memory.

import {isLater} from './metric-line.js';
import type {Metric, MetricSummary} from './types.js';

/** At most this many values in a sample (two per bucket). */
export const SAMPLE_CAPACITY = 128;
const BUCKETS = SAMPLE_CAPACITY / 2;

interface Bucket {
	low: number;
	high: number;
	/** The low value came before the high one. */
	lowFirst: boolean;
	/** Any NaN or infinite value (kept as such, so the sparkline can mark it). */
	bad?: number;
}

function bucketValues(bucket: Bucket): number[] {
	if (bucket.bad !== undefined) return [bucket.bad];
	if (bucket.low === bucket.high) return [bucket.low];
	return bucket.lowFirst ? [bucket.low, bucket.high] : [bucket.high, bucket.low];
}

function merge(a: Bucket, b: Bucket): Bucket {
	if (a.bad !== undefined) return a;
	if (b.bad !== undefined) return b;
	const low = a.low <= b.low ? {value: a.low, first: true} : {value: b.low, first: false};
	const high = a.high >= b.high ? {value: a.high, first: true} : {value: b.high, first: false};
	// Which came first: within one bucket as recorded, across two the earlier bucket.
	const lowFirst = low.first === high.first ? (low.first ? a.lowFirst : b.lowFirst) : low.first;
	return {low: low.value, high: high.value, lowFirst};
}

export interface SummaryState {
	key: string;
	latest?: Metric;
	min?: number;
	max?: number;
	count: number;
	minStep: number;
	maxStep: number;
	firstTimestamp: number;
	lastTimestamp: number;
	nonFinite: boolean;
	buckets: Bucket[];
	stride: number;
	inLast: number;
}

export class SummaryBuilder {
	private latest?: Metric;
	private min?: number;
	private max?: number;
	private count = 0;
	private minStep = Number.POSITIVE_INFINITY;
	private maxStep = Number.NEGATIVE_INFINITY;
	private firstTimestamp = Number.POSITIVE_INFINITY;
	private lastTimestamp = Number.NEGATIVE_INFINITY;
	private nonFinite = false;
	private buckets: Bucket[] = [];
	// Points per bucket; when every bucket is full, neighbours merge and it doubles, so the
	// buckets always span the whole history evenly.
	private stride = 1;
	private inLast = 0;

	constructor(readonly key: string) {}

	/** Plain data, for caches that outlive the process. */
	toState(): SummaryState {
		const {key, latest, min, max, count, minStep, maxStep, firstTimestamp, lastTimestamp, nonFinite, buckets, stride, inLast} = this;
		return {key, latest, min, max, count, minStep, maxStep, firstTimestamp, lastTimestamp, nonFinite, buckets, stride, inLast};
	}

	static fromState(state: SummaryState): SummaryBuilder {
		return Object.assign(new SummaryBuilder(state.key), state);
	}

	add(metric: Metric): void {
		this.count++;
		if (!this.latest || isLater(metric, this.latest)) this.latest = metric;
		const {value, step, timestamp} = metric;
		if (Number.isFinite(value)) {
			if (this.min === undefined || value < this.min) this.min = value;
			if (this.max === undefined || value > this.max) this.max = value;
		} else {
			this.nonFinite = true;
		}
		if (step < this.minStep) this.minStep = step;
		if (step > this.maxStep) this.maxStep = step;
		if (timestamp < this.firstTimestamp) this.firstTimestamp = timestamp;
		if (timestamp > this.lastTimestamp) this.lastTimestamp = timestamp;
		const point: Bucket = Number.isFinite(value) ? {low: value, high: value, lowFirst: true} : {low: value, high: value, lowFirst: true, bad: value};
		const last = this.buckets[this.buckets.length - 1];
		if (last && this.inLast < this.stride) {
			this.buckets[this.buckets.length - 1] = merge(last, point);
			this.inLast++;
		} else {
			if (this.buckets.length >= BUCKETS) {
				const merged: Bucket[] = [];
				for (let index = 0; index < this.buckets.length; index += 2) {
					const next = this.buckets[index + 1];
					merged.push(next ? merge(this.buckets[index]!, next) : this.buckets[index]!);
				}
				this.buckets = merged;
				this.stride *= 2;
			}
			this.buckets.push(point);
			this.inLast = 1;
		}
	}

	/** Newest timestamp added so far (-Infinity before the first point). */
	get newestTimestamp(): number {
		return this.lastTimestamp;
	}

	/** Undefined until at least one point was added. */
	build(): MetricSummary | undefined {
		if (!this.latest) return undefined;
		return {
			key: this.key,
			latest: this.latest,
			min: this.min,
			max: this.max,
			count: this.count,
			minStep: this.minStep,
			maxStep: this.maxStep,
			firstTimestamp: this.firstTimestamp,
			lastTimestamp: this.lastTimestamp,
			sample: this.buckets.flatMap(bucketValues),
			nonFinite: this.nonFinite,
		};
	}
}
