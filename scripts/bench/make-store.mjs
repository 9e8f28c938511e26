// Writes a synthetic MLflow file store in MLflow's exact format (meta.yaml, params and
// tags through the demo's writer; metric histories written whole, line for line what
// MLflow's appends would have left). Uses the built dist/.
//
//   node scripts/bench/make-store.mjs DIR [--experiments N] [--runs N] [--metrics N]
//        [--steps N] [--params N] [--tags N] [--running N] [--seed N]
//
// `--runs` is per experiment. The defaults make the "wide" reference store of
// docs/performance.md: 10 experiments x 1,000 runs, 10 metrics x 100 steps, 20 params
// and 10 tags per run (about 450,000 files).

import {mkdirSync, writeFileSync, existsSync, readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

const DEFAULTS = {experiments: 10, runs: 1000, metrics: 10, steps: 100, params: 20, tags: 10, running: 0, seed: 1};
/** Tags MLflow's client sets on every run (createRun writes these five). */
const CLIENT_TAGS = 5;

export async function makeStore(root, options = {}) {
	const o = {...DEFAULTS, ...options};
	const {MlflowFileWriter, idSource, seededRandom} = await import(join(dist, 'demo', 'mlflow-writer.js'));
	const {pyFloat} = await import(join(dist, 'demo', 'python-text.js'));
	if (existsSync(root) && readdirSync(root).length > 0) throw new Error(`${root} is not empty`);
	const random = seededRandom(o.seed);
	const writer = new MlflowFileWriter(root, idSource(random));
	const now = Date.now();
	writer.createStoreFolder(now - 48 * 3600_000);
	const metricKeys = Array.from({length: o.metrics}, (_, index) => (index % 5 === 4 ? `train/metric_${index}` : `metric_${index}`));
	const made = {root, options: o, experiments: [], running: []};
	let runningLeft = o.running;
	for (let e = 0; e < o.experiments; e++) {
		const name = `bench-${e + 1}`;
		const id = writer.createExperiment(name, now - 47 * 3600_000 + e);
		made.experiments.push({id, name});
		const runningHere = Math.min(runningLeft, Math.ceil(o.running / o.experiments));
		runningLeft -= runningHere;
		for (let r = 0; r < o.runs; r++) {
			const isRunning = r >= o.runs - runningHere;
			const start = isRunning ? now - 60_000 + r : now - 40 * 3600_000 + r * 60_000 + e;
			const run = writer.createRun(id, {runName: `${name}-run-${r}`, startTime: start});
			for (let p = 0; p < o.params; p++) run.logParam(p % 7 === 3 ? `model/layer${p}/width` : `param_${p}`, p * 16 + (r % 7));
			for (let t = CLIENT_TAGS; t < o.tags; t++) run.setTag(`tag_${t}`, `value-${(r + t) % 13}`);
			for (const key of metricKeys) {
				const lines = [];
				for (let step = 0; step < o.steps; step++) lines.push(`${start + step * 1000} ${pyFloat(Number((1 / (step + 1) + random() * 0.01).toFixed(6)))} ${step}\n`);
				const path = join(run.dir, 'metrics', ...key.split('/'));
				mkdirSync(dirname(path), {recursive: true});
				writeFileSync(path, lines.join(''));
			}
			if (isRunning) made.running.push({runId: run.runId, dir: run.dir, experimentId: id});
			else run.end('FINISHED', start + o.steps * 1000);
		}
	}
	return made;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const {values, positionals} = parseArgs({
		allowPositionals: true,
		options: Object.fromEntries(Object.keys(DEFAULTS).map((key) => [key, {type: 'string'}])),
	});
	const [dir] = positionals;
	if (!dir || positionals.length !== 1) {
		console.error('usage: node scripts/bench/make-store.mjs DIR [--experiments N] [--runs N] [--metrics N] [--steps N] [--params N] [--tags N] [--running N] [--seed N]');
		process.exit(2);
	}
	const options = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Number(value)]));
	const started = Date.now();
	mkdirSync(dir, {recursive: true});
	const made = await makeStore(dir, options);
	writeFileSync(join(dir, '..', `${dir.split('/').filter(Boolean).pop()}.json`), JSON.stringify(made, null, '\t'));
	console.log(`wrote ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
