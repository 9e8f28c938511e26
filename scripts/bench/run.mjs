// The store-engine benchmark (issue 8): in one go on one machine, mlwatch against MLflow
// 3.1.4 and against the physical floor, with peak memory. Not a test: it prints a
// Markdown table for docs/performance.md. Needs a built dist/ (npm run build), tmux for
// the TUI phases and MLflow 3.1.4 from scripts/mlflow-env.sh for the mlflow phase.
//
//   node scripts/bench/run.mjs [--dir DIR] [--phases LIST] [--repeat N]
//
// DIR (default /tmp/mlwatch-bench) holds the generated stores and is reused: wide/ (10 x
// 1,000 runs, 10 metrics x 100 steps, 20 params, 10 tags), wide-1k/ (1 x 1,000 runs, the
// same per run), deep/ (1 run, 1 metric of 1,000,000 steps), huge/ (100 x 1,000 runs,
// 3 metrics x 10 steps, 5 params, 5 tags) and small/ (2 x 10 runs).
//
// Phases (default all but huge): floor, json, mlflow, linear, tui, deep, startup, huge.

import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {cpus, totalmem, tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(repo, 'dist', 'mlwatch.js');
const {values: flags} = parseArgs({options: {dir: {type: 'string'}, phases: {type: 'string'}, repeat: {type: 'string'}}});
const base = resolve(flags.dir ?? '/tmp/mlwatch-bench');
const phases = new Set((flags.phases ?? 'floor,json,mlflow,linear,tui,deep,startup').split(','));
const repeat = Number(flags.repeat ?? 3);
const rows = [];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function note(what, value, detail = '') {
	rows.push({what, value, detail});
	console.error(`${what}: ${value}${detail ? ` (${detail})` : ''}`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb) => `${Math.round(kb / 1024)} MB`;

/** Runs a shell command as a whole process: wall time (ms) and peak RSS (KB). */
function timed(command, env = {}) {
	const started = performance.now();
	const result = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', command], {encoding: 'utf8', env: {...process.env, ...env}, maxBuffer: 1 << 30});
	const wall = performance.now() - started;
	if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
	const peak = Number(result.stderr.trim().split('\n').pop());
	return {ms: wall, kb: peak};
}

function store(name, options) {
	const root = join(base, name, 'mlruns');
	if (!existsSync(root) || readdirSync(root).length === 0) {
		const args = Object.entries(options).flatMap(([key, value]) => [`--${key}`, String(value)]);
		console.error(`writing ${root} ...`);
		const made = spawnSync(process.execPath, [join(repo, 'scripts', 'bench', 'make-store.mjs'), root, ...args], {stdio: 'inherit'});
		if (made.status !== 0) throw new Error(`make-store failed for ${name}`);
	}
	return root;
}

const WIDE = {experiments: 10, runs: 1000, metrics: 10, steps: 100, params: 20, tags: 10};

function countFiles(root) {
	return Number(spawnSync('sh', ['-c', `find ${root} -type f | wc -l`], {encoding: 'utf8'}).stdout.trim());
}

// ----------------------------------------------------------------------------- phases

const cacheHome = mkdtempSync(join(tmpdir(), 'mlwatch-bench-cache-'));
const freshCache = () => rmSync(join(cacheHome, 'mlwatch'), {recursive: true, force: true});
const mlwatch = (args, env = {}) => timed(`${process.execPath} ${cli} ${args} > /dev/null`, {XDG_CACHE_HOME: cacheHome, ...env});

const results = {};

if (phases.has('floor') || phases.has('json') || phases.has('mlflow') || phases.has('linear')) {
	const wide = store('wide', WIDE);
	note('wide store', `${WIDE.experiments * WIDE.runs} runs, ${countFiles(wide)} files`);
	if (phases.has('floor')) {
		const floors = Array.from({length: repeat}, () => timed(`find ${wide} -type f -print0 | xargs -0 cat > /dev/null`).ms);
		results.floor = median(floors);
		note('read every file once (find | xargs cat), median', seconds(results.floor), floors.map(seconds).join(', '));
	}
	if (phases.has('json')) {
		const cold = [];
		const warm = [];
		for (let round = 0; round < repeat; round++) {
			freshCache();
			cold.push(mlwatch(`runs --json --store ${wide}`));
			warm.push(mlwatch(`runs --json --store ${wide}`));
		}
		const uncached = Array.from({length: repeat}, () => mlwatch(`runs --json --store ${wide}`, {MLWATCH_NO_CACHE: '1'}));
		results.cold = median(cold.map((run) => run.ms));
		results.warm = median(warm.map((run) => run.ms));
		note('mlwatch runs --json, every run, cold (no cache yet; writes it), median', seconds(results.cold), `peak RSS ${mb(Math.max(...cold.map((run) => run.kb)))}`);
		note('mlwatch runs --json, every run, warm (store unchanged), median', seconds(results.warm), `peak RSS ${mb(Math.max(...warm.map((run) => run.kb)))}`);
		note('mlwatch runs --json, every run, --no-cache, median', seconds(median(uncached.map((run) => run.ms))), `peak RSS ${mb(Math.max(...uncached.map((run) => run.kb)))}`);
		note('warm start vs cold', `${(results.cold / results.warm).toFixed(1)}x faster`);
		if (results.floor) note('cold vs the floor', `${(results.cold / results.floor).toFixed(2)}x the floor's time`);
	}
	if (phases.has('mlflow')) {
		const venv = spawnSync('bash', [join(repo, 'scripts', 'mlflow-env.sh'), '3.1.4'], {encoding: 'utf8'}).stdout.trim().split('\n').pop();
		// MLflow writes into stores it opens (.trash/, models/): a copy made of hard links.
		const copy = join(base, 'wide-mlflow-copy');
		rmSync(copy, {recursive: true, force: true});
		spawnSync('cp', ['-al', wide, copy]);
		const search = join(repo, 'scripts', 'bench', 'mlflow-search-all.py');
		const runs = Array.from({length: Math.max(1, Math.min(repeat, 2))}, () => timed(`MLFLOW_ALLOW_FILE_STORE=true ${venv}/bin/python ${search} file://${copy}`));
		results.mlflow = median(runs.map((run) => run.ms));
		note('MLflow 3.1.4 MlflowClient.search_runs over every experiment (whole python process), median', seconds(results.mlflow), `peak RSS ${mb(Math.max(...runs.map((run) => run.kb)))}`);
		if (results.cold) note('mlwatch cold vs MLflow', `${(results.mlflow / results.cold).toFixed(1)}x faster`);
		if (results.warm) note('mlwatch warm vs MLflow', `${(results.mlflow / results.warm).toFixed(1)}x faster`);
		rmSync(copy, {recursive: true, force: true});
	}
	if (phases.has('linear')) {
		const small = store('wide-1k', {...WIDE, experiments: 1});
		const one = median(Array.from({length: repeat}, () => mlwatch(`runs --json --store ${small}`, {MLWATCH_NO_CACHE: '1'}).ms));
		const all = median(Array.from({length: repeat}, () => mlwatch(`runs --json --store ${wide}`, {MLWATCH_NO_CACHE: '1'}).ms));
		note('linearity: 10,000 runs vs 1,000 runs (--no-cache)', `${(all / one).toFixed(1)}x the time`, `${seconds(all)} vs ${seconds(one)}`);
	}
}

// ------------------------------------------------------------------------------- TUI

const tmux = (...argv) => spawnSync('tmux', ['-L', 'mlwatch-bench', ...argv], {encoding: 'utf8'});

/** Starts the TUI in tmux and returns ms until `ready(screen)` and until `full(screen)`. */
async function tuiTimes(args, ready, full, env = {}) {
	tmux('kill-server');
	const envText = Object.entries({XDG_CACHE_HOME: cacheHome, ...env}).map(([key, value]) => `${key}=${value}`).join(' ');
	const started = performance.now();
	tmux('new-session', '-d', '-s', 'b', '-x', '160', '-y', '45', `exec env -u CI ${envText} ${process.execPath} ${cli} ${args}`);
	let first;
	let whole;
	for (;;) {
		const screen = tmux('capture-pane', '-p', '-t', 'b').stdout ?? '';
		const at = performance.now() - started;
		if (first === undefined && ready(screen)) first = at;
		if (first !== undefined && full(screen)) {
			whole = at;
			break;
		}
		if (at > 120_000) break;
		await sleep(5);
	}
	tmux('send-keys', '-t', 'b', 'q');
	await sleep(300);
	tmux('kill-server');
	return {first, whole};
}

if (phases.has('tui')) {
	const wide = store('wide', WIDE);
	const firstRow = (screen) => /bench-10-run-\d+/.test(screen);
	const fullTable = (screen) => /1000 runs/.test(screen);
	const cold = [];
	const warm = [];
	for (let round = 0; round < repeat; round++) {
		freshCache();
		cold.push(await tuiTimes(`${wide} --experiment bench-10`, firstRow, fullTable));
		warm.push(await tuiTimes(`${wide} --experiment bench-10`, firstRow, fullTable));
	}
	note('TUI first useful frame (experiments + first runs of bench-10), wide store, cold, median', seconds(median(cold.map((run) => run.first))));
	note('TUI whole table of the 1,000 runs, cold, median', seconds(median(cold.map((run) => run.whole))));
	note('TUI first useful frame, warm, median', seconds(median(warm.map((run) => run.first))));
}

if (phases.has('startup')) {
	const small = store('small', {experiments: 2, runs: 10, metrics: 3, steps: 20, params: 5, tags: 6});
	const version = Array.from({length: 10}, () => timed(`${process.execPath} ${cli} --version > /dev/null`).ms);
	note('mlwatch --version, median of 10', `${Math.round(median(version))} ms`);
	const frames = [];
	for (let round = 0; round < 5; round++) frames.push((await tuiTimes(`${small}`, (screen) => /bench-1\b/.test(screen) && /bench-2\b/.test(screen), () => true)).first);
	note('TUI start-up to the first frame, small store, median of 5', `${Math.round(median(frames))} ms`);
}

if (phases.has('deep')) {
	const deep = store('deep', {experiments: 1, runs: 1, metrics: 1, steps: 1_000_000, params: 2, tags: 5});
	const {FileStore} = await import(join(repo, 'dist', 'store', 'file', 'file-store.js'));
	const {searchAllRuns} = await import(join(repo, 'dist', 'store', 'queries.js'));
	const {renderChart} = await import(join(repo, 'dist', 'ui', 'model', 'chart-grid.js'));
	const {makeTheme} = await import(join(repo, 'dist', 'ui', 'theme.js'));
	const glyphs = makeTheme({ascii: false, env: {}}).glyphs;
	const fileStore = new FileStore(deep);
	const experiments = (await fileStore.searchExperiments({})).experiments.filter((experiment) => experiment.name !== 'Default');
	const [run] = await searchAllRuns(fileStore, {experimentIds: experiments.map((experiment) => experiment.experiment_id)});
	const key = run.data.metrics[0].key;
	const readStart = performance.now();
	const answer = await fileStore.getMetricHistories([run.info.run_id], key, {maxPoints: 160 * 4});
	const read = performance.now() - readStart;
	const drawStart = performance.now();
	const points = answer.histories[run.info.run_id].map((metric) => ({x: metric.step, y: metric.value}));
	const chart = renderChart([points], {width: 160, height: 40, symbols: glyphs.chart, formatX: String});
	const draw = performance.now() - drawStart;
	note('deep store (1,000,000 steps): history read and downsampled', seconds(read), `${answer.totals[run.info.run_id]} points → ${points.length}`);
	note('deep store: the full-size chart (160x40) after the history is read', `${draw.toFixed(1)} ms`, `${chart.lines.length} lines`);
}

if (phases.has('huge')) {
	const huge = store('huge', {experiments: 100, runs: 1000, metrics: 3, steps: 10, params: 5, tags: 5});
	freshCache();
	const json = mlwatch(`runs --json --store ${huge}`);
	note('100,000-run store: mlwatch runs --json, cold', seconds(json.ms), `peak RSS ${mb(json.kb)}`);
	freshCache();
	const first = await tuiTimes(`${huge}`, (screen) => /bench-\d+/.test(screen) && /bench-\d+-run-\d+/.test(screen), () => true);
	note('100,000-run store: TUI first frame, cold', seconds(first.first));
}

rmSync(cacheHome, {recursive: true, force: true});
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Command: node scripts/bench/run.mjs${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}\n`);
console.log('| what | measured | detail |\n|---|---|---|');
for (const row of rows) console.log(`| ${row.what} | ${row.value} | ${row.detail} |`);
