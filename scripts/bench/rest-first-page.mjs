// Times what the terminal UI asks a tracking server first, through the built dist/:
// the experiments, the first page of runs (100, as use-runs.ts asks), the summaries of
// those runs (every key), the experiment's run count and five downsampled histories.
//
//   node scripts/bench/rest-first-page.mjs http://127.0.0.1:5000 EXPERIMENT_NAME

import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const [url, name] = process.argv.slice(2);
if (!url || !name) {
	console.error('usage: node scripts/bench/rest-first-page.mjs URL EXPERIMENT_NAME');
	process.exit(2);
}
const t0 = performance.now();
const {openStore} = await import(join(dist, 'store', 'registry.js'));
const {allExperiments} = await import(join(dist, 'store', 'queries.js'));
const store = await openStore(url, {env: process.env, cwd: process.cwd()});
const experiments = await allExperiments(store, 'ALL');
const t1 = performance.now();
const experiment = experiments.find((candidate) => candidate.name === name);
if (!experiment) throw new Error(`no experiment named ${name}`);
const id = experiment.experiment_id;
const page = await store.searchRuns({experimentIds: [id], maxResults: 100});
const t2 = performance.now();
const ids = page.runs.map((run) => run.info.run_id);
const summaries = await store.getMetricSummaries(ids);
const t3 = performance.now();
const counts = await store.countRuns([id]);
const t4 = performance.now();
await store.getMetricHistories(ids.slice(0, 5), page.runs[0]?.data.metrics[0]?.key ?? 'loss', {maxPoints: 200});
const t5 = performance.now();
const ms = (a, b) => Math.round(b - a);
console.log(
	JSON.stringify({
		experiments_ms: ms(t0, t1),
		first_page_ms: ms(t1, t2),
		first_page_runs: page.runs.length,
		summaries_ms: ms(t2, t3),
		summary_keys: Object.keys(summaries[ids[0]] ?? {}).length,
		count_runs_ms: ms(t3, t4),
		active_runs: counts[id]?.active,
		histories_5_runs_ms: ms(t4, t5),
	}),
);
await store.close();
