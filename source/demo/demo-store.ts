// The demo store: two experiments with a history of finished runs, a failed run, a run
// that went quiet minutes ago (stalled) and one quiet for hours (probably dead), a parent
// sweep with nested children, and two jobs that are training right now. `DemoTrainer`
// keeps the live ones writing.

import {join} from 'node:path';
import {idSource, MlflowFileWriter, seededRandom, type RunWriter} from './mlflow-writer.js';
import {SimulatedRun, type TrialSpec} from './simulated-run.js';

export type DemoRole = 'finished' | 'failed' | 'stalled' | 'dead' | 'live' | 'failing' | 'sweep-parent' | 'sweep-child';

export interface DemoRun {
	role: DemoRole;
	sim: SimulatedRun;
}

export interface DemoStore {
	root: string;
	writer: MlflowFileWriter;
	random: () => number;
	experiments: {classifier: string; sweep: string};
	runs: DemoRun[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const baseParams = (lr: number, layers: number, batch: number, optimizer = 'adam') => ({
	'model/optimizer/name': optimizer,
	'model/optimizer/lr': lr,
	'model/layers': layers,
	'data/batch_size': batch,
	'data/augment': 'flip+crop',
});

function addRun(
	store: DemoStore,
	role: DemoRole,
	experimentId: string,
	spec: TrialSpec,
	startTime: number,
	now: number,
	parent?: RunWriter,
): SimulatedRun {
	const writer = store.writer.createRun(experimentId, {runName: spec.name, startTime, parentRunId: parent?.runId, sourceName: 'train.py'});
	const sim = new SimulatedRun(writer, spec, store.random);
	sim.advanceTo(now);
	store.runs.push({role, sim});
	return sim;
}

/** A finished history is written at once; its files get the times they would have had. */
function settle(sim: SimulatedRun): void {
	sim.writer.backdate(sim.lastWriteTime);
}

/** Spec of the n-th job of the always-training slot. */
export function liveTrial(n: number, random: () => number): TrialSpec {
	return {
		name: `live-trial-${n}`,
		params: baseParams(Number((0.0005 + random() * 0.002).toPrecision(2)), 4 + (n % 3), 64),
		intervalMs: 500,
		steps: 360,
		outcome: {kind: 'finish'},
		speed: 70 + random() * 40,
		floor: 0.15 + random() * 0.1,
	};
}

/** Spec of the n-th job of the unlucky slot: odd ones diverge and fail, even ones recover. */
export function unluckyTrial(n: number, random: () => number): TrialSpec {
	const diverges = n % 2 === 1;
	return {
		name: diverges ? `lr-warmup-off-${Math.ceil(n / 2)}` : `lr-warmup-on-${n / 2}`,
		params: {...baseParams(diverges ? 0.05 : 0.003, 6, 128, 'sgd'), 'train/warmup_steps': diverges ? 0 : 200},
		intervalMs: 700,
		steps: diverges ? 80 : 130,
		outcome: diverges ? {kind: 'fail', atStep: 40 + Math.floor(random() * 10)} : {kind: 'finish'},
		speed: 30,
		floor: 0.3,
	};
}

export interface DemoOptions {
	/** The moment the demo starts (ms since epoch); history is laid out before it. */
	now?: number;
	/** Same seed, same ids and values. */
	seed?: number;
}

/** Write the demo store into `root` (a folder that does not exist yet or is empty). */
export function writeDemoStore(root: string, options: DemoOptions = {}): DemoStore {
	const now = options.now ?? Date.now();
	const random = seededRandom(options.seed ?? now);
	const writer = new MlflowFileWriter(root, idSource(random));
	writer.createStoreFolder(now - 26 * HOUR);
	const classifier = writer.createExperiment('demo-classifier', now - 25 * HOUR);
	const sweep = writer.createExperiment('demo-sweep', now - 24 * HOUR);
	const store: DemoStore = {root, writer, random, experiments: {classifier, sweep}, runs: []};

	// Yesterday's sweep: a parent run and its children, all finished.
	// The parent logs no curve of its own: it ends after its last child with the best result.
	const parentSpec: TrialSpec = {name: 'lr-sweep', params: {'sweep/trials': 4, 'sweep/search': 'grid'}, intervalMs: 150 * MINUTE, steps: 0, outcome: {kind: 'finish'}, speed: 1, floor: 0};
	const sweepStart = now - 23 * HOUR;
	const parent = addRun(store, 'sweep-parent', sweep, parentSpec, sweepStart, now);
	const lrs = [0.0003, 0.001, 0.003, 0.01];
	const children = lrs.map((lr, index) => {
		const spec: TrialSpec = {name: `lr-sweep-${index + 1}`, params: baseParams(lr, 4, 64), intervalMs: 15_000, steps: 120, outcome: {kind: 'finish'}, speed: 20 + index * 15, floor: 0.12 + index * 0.05};
		const child = addRun(store, 'sweep-child', sweep, spec, sweepStart + index * 35 * MINUTE, now, parent.writer);
		settle(child);
		return child;
	});
	const best = Math.min(...children.map((child) => child.finalLoss));
	parent.writer.logMetric('best_loss', best, 0, parent.lastWriteTime - 1000);
	settle(parent);

	// Earlier today in the classifier experiment.
	const history: Array<[DemoRole, TrialSpec, number]> = [
		['finished', {name: 'baseline', params: baseParams(0.001, 4, 64), intervalMs: 20_000, steps: 150, outcome: {kind: 'finish'}, speed: 45, floor: 0.2}, 5 * HOUR],
		['finished', {name: 'wide-net', params: baseParams(0.001, 8, 64), intervalMs: 25_000, steps: 150, outcome: {kind: 'finish'}, speed: 35, floor: 0.14}, 4 * HOUR],
		['failed', {name: 'lr-too-high', params: baseParams(0.1, 4, 64, 'sgd'), intervalMs: 20_000, steps: 150, outcome: {kind: 'fail', atStep: 32}, speed: 20, floor: 0.4}, 3 * HOUR],
		['dead', {name: 'node-crashed', params: baseParams(0.001, 6, 256), intervalMs: 30_000, steps: 400, outcome: {kind: 'stall', atStep: 90}, speed: 40, floor: 0.2}, 9 * HOUR],
		['stalled', {name: 'stuck-dataloader', params: baseParams(0.002, 6, 128), intervalMs: 10_000, steps: 400, outcome: {kind: 'stall', atStep: 180}, speed: 60, floor: 0.18}, 44 * MINUTE],
	];
	for (const [role, spec, ago] of history) settle(addRun(store, role, classifier, spec, now - ago, now));

	// Training right now: these keep writing while the demo runs.
	addRun(store, 'live', classifier, liveTrial(1, random), now - 40_000, now);
	addRun(store, 'failing', classifier, unluckyTrial(1, random), now - 12_000, now);
	return store;
}

/** Keeps the demo's live jobs writing on the wall clock; each slot starts a new job after one ends. */
export class DemoTrainer {
	private timer?: NodeJS.Timeout;
	private readonly slots: Array<{next: (n: number, random: () => number) => TrialSpec; role: DemoRole; count: number; current?: SimulatedRun; restartAt?: number}>;

	constructor(
		private readonly store: DemoStore,
		private readonly clock: () => number = Date.now,
		private readonly pauseMs = 8_000,
	) {
		const current = (role: DemoRole) => store.runs.filter((run) => run.role === role).at(-1)?.sim;
		this.slots = [
			{next: liveTrial, role: 'live', count: 1, current: current('live')},
			{next: unluckyTrial, role: 'failing', count: 1, current: current('failing')},
		];
	}

	/** Write whatever is due now; start the next job in a slot whose job ended a pause ago. */
	tick(): void {
		const now = this.clock();
		for (const slot of this.slots) {
			if (slot.current && !slot.current.done) {
				slot.current.advanceTo(now);
				if (slot.current.done) slot.restartAt = now + this.pauseMs;
				continue;
			}
			if (slot.restartAt !== undefined && now >= slot.restartAt) {
				slot.count++;
				const spec = slot.next(slot.count, this.store.random);
				const writer = this.store.writer.createRun(this.store.experiments.classifier, {runName: spec.name, startTime: now, sourceName: 'train.py'});
				slot.current = new SimulatedRun(writer, spec, this.store.random);
				this.store.runs.push({role: slot.role, sim: slot.current});
				slot.restartAt = undefined;
			}
		}
	}

	start(everyMs = 100): void {
		this.stop();
		this.timer = setInterval(() => {
			try {
				this.tick();
			} catch {
				// The demo folder was removed under us (e.g. on exit); stop quietly.
				this.stop();
			}
		}, everyMs);
		// The trainer must never keep mlwatch alive on its own.
		this.timer.unref();
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}
}

export const demoStoreRoot = (parent: string) => join(parent, 'mlruns');
