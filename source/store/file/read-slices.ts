// Runs the store's synchronous reading in short slices, one job after another: a job is a
// generator that yields between files; after SLICE_MS of work the thread goes back to
// the event loop (key presses, redraws) before the next slice. Jobs never overlap, so two
// reads of the same run never race (a metric file consumed twice from one offset would
// count its new lines twice). A job that yields a number waits that many ms.
// Every job starts on a turn of the event loop of its own: reads that all finish within
// a slice would otherwise chain as promises forever and starve timers, I/O and input
// (a loop that re-reads a small store never let the process see its child exit).

import {setImmediate as nextTurn, setTimeout as sleep} from 'node:timers/promises';

/** Long enough to amortise the hop back to the event loop, short next to a 50 ms key press. */
export const SLICE_MS = 12;

type Job = () => Promise<void>;

export class ReadSlices {
	private readonly jobs: Job[] = [];
	private running = false;
	private lastEnd = 0;
	private readonly idleWaiters: Array<{quietMs: number; resolve: () => void}> = [];

	constructor(private readonly sliceMs = SLICE_MS) {}

	/** Runs the generator to its end, in slices, after the jobs queued before it. */
	run<T>(job: () => Generator<number | undefined, T, void>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.jobs.push(async () => {
				try {
					resolve(await this.drive(job()));
				} catch (error) {
					reject(error);
				}
			});
			void this.pump();
		});
	}

	private async pump(): Promise<void> {
		if (this.running) return;
		this.running = true;
		try {
			while (this.jobs.length > 0) {
				await nextTurn();
				await this.jobs.shift()!();
			}
		} finally {
			this.running = false;
			this.lastEnd = performance.now();
			this.checkIdle();
		}
	}

	/** Resolves once no read has run for `quietMs` (the first questions of a screen are answered). */
	idle(quietMs: number): Promise<void> {
		return new Promise((resolve) => {
			this.idleWaiters.push({quietMs, resolve});
			this.checkIdle();
		});
	}

	private checkIdle(): void {
		if (this.idleWaiters.length === 0) return;
		if (this.running || this.jobs.length > 0) return;
		const quiet = performance.now() - this.lastEnd;
		for (const waiter of [...this.idleWaiters]) {
			if (quiet >= waiter.quietMs) {
				this.idleWaiters.splice(this.idleWaiters.indexOf(waiter), 1);
				waiter.resolve();
			}
		}
		const next = Math.min(...this.idleWaiters.map((waiter) => waiter.quietMs)) - quiet;
		if (this.idleWaiters.length > 0) setTimeout(() => this.checkIdle(), Math.max(1, next)).unref();
	}

	private async drive<T>(generator: Generator<number | undefined, T, void>): Promise<T> {
		let sliceStart = performance.now();
		for (;;) {
			const step = generator.next();
			if (step.done) return step.value;
			if (typeof step.value === 'number') {
				await sleep(step.value);
				sliceStart = performance.now();
			} else if (performance.now() - sliceStart >= this.sliceMs) {
				await nextTurn();
				sliceStart = performance.now();
			}
		}
	}
}
