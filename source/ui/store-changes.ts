// Tells the data hooks that the store changed, outside React state: a change makes each
// hook whose question it concerns re-read, and only an answer that differs from the one
// on screen draws a frame. Bursts of changes (a training loop appends to a dozen metric
// files at once; a fast writer appends thousands of lines a second) are folded into at
// most one notice per `throttleMs`, carrying everything that changed since the last one,
// so the screen redraws about ten times a second at most.
// When the process is busy anyway (a writer appending thousands of lines a second keeps
// it re-reading and redrawing), notices come less often, down to two a second, and while
// the user is pressing keys they wait until a short pause, so that every key press gets
// its frame at once instead of queueing behind a redraw of new data.

import {performance, type EventLoopUtilization} from 'node:perf_hooks';
import {EVERYTHING, isEmptyChange, mergeChanges} from '../store/changes.js';
import type {StoreChange} from '../store/contract.js';

export const REDRAW_EVERY_MS = 100;
/** Busy above this share of the time since the last notice, the next one waits longer. */
const BUSY = 0.5;
/** The longest wait, as a multiple of `throttleMs`. */
const MOST_STRETCH = 5;
/** How long after a key press new data waits. */
export const INPUT_GRACE_MS = 150;

/** How much longer than `throttleMs` to wait, given how busy the event loop has been. */
export function stretchFor(utilization: number): number {
	if (utilization <= BUSY) return 1;
	return 1 + ((Math.min(1, utilization) - BUSY) / (1 - BUSY)) * (MOST_STRETCH - 1);
}

export type ChangeListener = (change: StoreChange) => void;

export class StoreChanges {
	private readonly listeners = new Set<ChangeListener>();
	private last = 0;
	private timer: NodeJS.Timeout | undefined;
	private busySince: EventLoopUtilization = performance.eventLoopUtilization();
	private quietUntil = 0;
	private pending: StoreChange | undefined;

	constructor(private readonly throttleMs = REDRAW_EVERY_MS) {}

	subscribe(listener: ChangeListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Something changed: notify now, or at the end of the current throttle window. */
	changed(change: StoreChange = EVERYTHING): void {
		if (isEmptyChange(change)) return;
		this.pending = this.pending ? mergeChanges(this.pending, change) : change;
		if (this.timer) return;
		const wait = this.last + this.throttleMs - Date.now();
		if (wait <= 0) this.emitUnlessBusy();
		else this.timer = setTimeout(() => this.emitUnlessBusy(), wait);
	}

	/** Judged when the window ends, so the work the last notice caused is counted. */
	private emitUnlessBusy(): void {
		this.timer = undefined;
		const busy = performance.eventLoopUtilization(this.busySince).utilization;
		const wait = Math.max(this.last + this.throttleMs * stretchFor(busy), this.quietUntil) - Date.now();
		if (wait <= 0) this.emit();
		// Looked at again then: more keys may have come.
		else this.timer = setTimeout(() => this.emitUnlessBusy(), wait);
	}

	/** The user pressed a key: hold new data back until they pause. */
	inputSeen(): void {
		this.quietUntil = Date.now() + INPUT_GRACE_MS;
	}

	/** The user asked for a re-read: notify at once that anything may have changed. */
	now(): void {
		this.pending = EVERYTHING;
		this.emit();
	}

	close(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.pending = undefined;
		this.listeners.clear();
	}

	private emit(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.last = Date.now();
		this.busySince = performance.eventLoopUtilization();
		const change = this.pending ?? EVERYTHING;
		this.pending = undefined;
		for (const listener of [...this.listeners]) listener(change);
	}
}
