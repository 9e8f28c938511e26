// One simulated training job: a plausible loss/accuracy curve logged step by step on a
// schedule, ending the way its spec says (finish, fail after logging NaN, or go quiet
// while still RUNNING, as a killed job does). Time is passed in, so the same code fills
// in history at once and follows the wall clock later.

import type {RunWriter} from './mlflow-writer.js';

export type Outcome = {kind: 'finish'} | {kind: 'fail'; atStep: number} | {kind: 'stall'; atStep: number};

export interface TrialSpec {
	name: string;
	params: Record<string, string | number>;
	/** Time between two logged steps. */
	intervalMs: number;
	steps: number;
	outcome: Outcome;
	/** Shape of the curve: how fast the loss falls and where it levels off. */
	speed: number;
	floor: number;
}

const VALIDATE_EVERY = 10;
const SYSTEM_EVERY = 5;

export class SimulatedRun {
	/** Steps logged so far. */
	private logged = 0;
	private finished = false;

	constructor(
		readonly writer: RunWriter,
		readonly spec: TrialSpec,
		private readonly random: () => number,
	) {
		for (const [key, value] of Object.entries(spec.params)) writer.logParam(key, value);
		this.lastWriteTime = writer.startTime;
	}

	get done(): boolean {
		return this.finished;
	}

	/** True while the job still writes (a stalled one stops writing but stays RUNNING). */
	get writing(): boolean {
		return !this.finished && !(this.spec.outcome.kind === 'stall' && this.logged > this.spec.outcome.atStep);
	}

	private stepTime(step: number): number {
		return this.writer.startTime + (step + 1) * this.spec.intervalMs;
	}

	/** The last loss logged (NaN after a divergence). */
	finalLoss = Number.NaN;
	/** When the last thing this run wrote was written (simulated time). */
	lastWriteTime: number;

	private lastStep(): number {
		const {outcome, steps} = this.spec;
		if (outcome.kind === 'finish') return steps - 1;
		return Math.min(outcome.atStep, steps - 1);
	}

	private logStep(step: number, time: number): void {
		const {speed, floor, steps, outcome} = this.spec;
		const noise = () => (this.random() - 0.5) * 0.04;
		const progress = step / Math.max(1, steps);
		const diverged = outcome.kind === 'fail' && step >= outcome.atStep;
		const climbing = outcome.kind === 'fail' && step > outcome.atStep * 0.7;
		let loss = floor + (2.3 - floor) * Math.exp(-step / speed) + noise();
		if (climbing) loss *= 1 + (step - outcome.atStep * 0.7) * 0.25;
		if (diverged) loss = Number.NaN;
		const accuracy = Math.min(0.999, Math.max(0, 1 - loss / 2.4 + noise() / 2));
		const lr = 0.001 * 0.5 * (1 + Math.cos(Math.PI * progress));
		const w = this.writer;
		w.logMetric('loss', loss, step, time);
		this.finalLoss = loss;
		w.logMetric('accuracy', diverged ? Number.NaN : Number(accuracy.toFixed(4)), step, time);
		w.logMetric('lr', Number(lr.toPrecision(6)), step, time);
		if (step % VALIDATE_EVERY === VALIDATE_EVERY - 1) {
			w.logMetric('val_loss', diverged ? Number.NaN : Number((loss * 1.08 + Math.abs(noise())).toFixed(5)), step, time);
		}
		if (step % SYSTEM_EVERY === 0) {
			w.logMetric('system/cpu_utilization_percentage', Number((62 + this.random() * 30).toFixed(1)), step, time);
		}
	}

	/** Write everything due by `now`. Returns true when anything was written. */
	advanceTo(now: number): boolean {
		if (this.finished) return false;
		let wrote = false;
		const last = this.lastStep();
		while (this.logged <= last && this.stepTime(this.logged) <= now) {
			if (this.spec.outcome.kind === 'stall' && this.logged > this.spec.outcome.atStep) break;
			this.lastWriteTime = this.stepTime(this.logged);
			this.logStep(this.logged, this.lastWriteTime);
			this.logged++;
			wrote = true;
		}
		const endTime = this.stepTime(last) + this.spec.intervalMs;
		if (this.logged > last && this.spec.outcome.kind !== 'stall' && endTime <= now) {
			this.writer.end(this.spec.outcome.kind === 'fail' ? 'FAILED' : 'FINISHED', endTime);
			this.lastWriteTime = endTime;
			this.finished = true;
			wrote = true;
		}
		return wrote;
	}
}
