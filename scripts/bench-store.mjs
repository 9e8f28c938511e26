// A large synthetic MLflow file store for the live benchmarks, in MLflow's exact format
// (meta.yaml, params and tags through the demo's writer; metric histories written whole,
// line for line what MLflow's appends would have left). Uses the built dist/.
//
//   node scripts/bench-store.mjs DIR [EXPERIMENTS=5] [RUNS_PER_EXPERIMENT=1000] [RUNNING=100]

import {mkdirSync, writeFileSync, existsSync, readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const {MlflowFileWriter, idSource, seededRandom} = await import(join(dist, 'demo', 'mlflow-writer.js'));
const {pyFloat} = await import(join(dist, 'demo', 'python-text.js'));

export const METRICS = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'lr', 'grad_norm', 'train/throughput', 'system/gpu_utilization'];
const PARAMS = 10;
const POINTS = 100;

/**
 * Returns {root, experiments: [{id, name}], running: [{runId, dir, experimentId, step}]}.
 * The RUNNING runs are the newest in each experiment, so they head the runs table.
 */
export function makeBenchStore(root, {experiments = 5, runsPerExperiment = 1000, running = 100, seed = 1} = {}) {
	if (existsSync(root) && readdirSync(root).length > 0) throw new Error(`${root} is not empty`);
	const random = seededRandom(seed);
	const writer = new MlflowFileWriter(root, idSource(random));
	const now = Date.now();
	writer.createStoreFolder(now - 48 * 3600_000);
	const made = {root, experiments: [], running: []};
	const runningPerExperiment = Math.ceil(running / experiments);
	for (let e = 0; e < experiments; e++) {
		const name = `bench-${e + 1}`;
		const id = writer.createExperiment(name, now - 47 * 3600_000 + e);
		made.experiments.push({id, name});
		for (let r = 0; r < runsPerExperiment; r++) {
			const isRunning = r >= runsPerExperiment - runningPerExperiment && made.running.length < running;
			// Running runs have logged a point a second until a few seconds ago.
			const start = isRunning ? now - 60_000 + r : now - 40 * 3600_000 + r * 60_000;
			const run = writer.createRun(id, {runName: `${name}-run-${r}`, startTime: start});
			for (let p = 0; p < PARAMS; p++) run.logParam(p < 3 ? `model/layer${p}/width` : `param_${p}`, p * 16 + (r % 7));
			run.setTag('team', 'bench');
			const points = isRunning ? POINTS / 2 : POINTS;
			for (const key of METRICS) {
				const lines = [];
				for (let step = 0; step < points; step++) lines.push(`${start + step * 1000} ${pyFloat(Number((1 / (step + 1) + random() * 0.01).toFixed(6)))} ${step}\n`);
				const path = join(run.dir, 'metrics', ...key.split('/'));
				mkdirSync(dirname(path), {recursive: true});
				writeFileSync(path, lines.join(''));
			}
			if (isRunning) made.running.push({runId: run.runId, dir: run.dir, experimentId: id, name: `${name}-run-${r}`, step: points});
			else {
				run.end('FINISHED', start + POINTS * 1000);
				run.backdate(start + POINTS * 1000);
			}
		}
	}
	return made;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [dir, experiments = '5', runs = '1000', running = '100'] = process.argv.slice(2);
	if (!dir || dir.startsWith('-')) {
		console.error('usage: node scripts/bench-store.mjs DIR [EXPERIMENTS] [RUNS_PER_EXPERIMENT] [RUNNING]');
		process.exit(2);
	}
	const started = Date.now();
	const made = makeBenchStore(dir, {experiments: Number(experiments), runsPerExperiment: Number(runs), running: Number(running)});
	mkdirSync(dir, {recursive: true});
	writeFileSync(join(dirname(dir), 'bench-store.json'), JSON.stringify(made, null, '\t'));
	console.log(`wrote ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
