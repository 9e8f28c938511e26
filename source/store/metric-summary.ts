// A running summary of one metric's history: latest by MLflow's rule, finite min/max,
// counts and a bounded sample for sparklines. Fed point by point so that a live reader
// can extend it from where it stopped instead of keeping whole histories in memory.

import {isLater} from './metric-line.js';
import type {Metric, MetricSummary} from './types.js';

export const SAMPLE_CAPACITY = 128;

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
	private sample: number[] = [];
	// Keep every `stride`-th point; when the sample fills up, halve it and double the
	// stride, so the sample always spans the whole history evenly.
	private stride = 1;
	private sinceKept = 0;

	constructor(readonly key: string) {}

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
		if (this.sinceKept === 0) {
			this.sample.push(value);
			if (this.sample.length >= SAMPLE_CAPACITY) {
				this.sample = this.sample.filter((_, index) => index % 2 === 0);
				this.stride *= 2;
			}
		}
		this.sinceKept = (this.sinceKept + 1) % this.stride;
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
			sample: [...this.sample],
			nonFinite: this.nonFinite,
		};
	}
}
