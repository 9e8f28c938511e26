// Measures live following on a large synthetic store (issue 4, point 7). Not a test: it
// prints numbers for docs/performance.md. Needs a built dist/ (npm run build) and tmux.
//
//   node scripts/bench-live.mjs [--dir DIR] [--phases store,tui,poll,mlflow] [--samples N] [--node-env production]
//
// DIR (default: a new temporary folder, removed afterwards) gets DIR/mlruns, made by
// scripts/bench-store.mjs: 5 experiments x 1000 runs, 100 of them RUNNING, 8 metrics each.
//
// Phases:
//   store   in-process: watcher start-up and watches, delay from an appended metric line
//           to the new value read back through FileStore (watching, then polling at 1 s),
//           idle CPU of the watcher with 100 running runs.
//   tui     the real TUI in tmux (CI=false): first frame, inotify watches, idle CPU,
//           delay from an appended line to the value on screen, and CPU and keypress-to-
//           frame delay while a writer appends 10,000 lines a second.
//   poll    the TUI with --poll=1000: append-to-screen delay.
//   real    a real MLflow 3.1.4 training script logging a point every 0.5 s while the TUI
//           watches its store: delay from log_metric returning to the value on screen.
//   mlflow  MLflow 3.1.4's search_runs against `mlwatch runs --json` on one experiment.

import {spawn, spawnSync} from 'node:child_process';
import {appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {cpus, tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {performance} from 'node:perf_hooks';
import {makeBenchStore, METRICS} from './bench-store.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
// --dist DIR: measure another build (e.g. a copy with a change being evaluated).
const distArg = process.argv.indexOf('--dist');
const dist = distArg > 0 ? resolve(process.argv[distArg + 1]) : join(repo, 'dist');
const {FileStore} = await import(join(dist, 'store', 'file', 'file-store.js'));
const {FsWatchSource} = await import(join(dist, 'store', 'file', 'watch', 'fs-watch-source.js'));
const {StatPoller} = await import(join(dist, 'store', 'file', 'watch', 'stat-poller.js'));
const {inotifyWatchCount} = await import(join(dist, 'system', 'inotify-watches.js'));
const {searchAllRuns, withSummaries} = await import(join(dist, 'store', 'queries.js'));

/** Every run of an experiment with its summaries, as the TUI's hooks read it. */
async function listRuns(store, experimentId) {
	return withSummaries(store, await searchAllRuns(store, {experimentIds: [experimentId]}));
}

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? args[index + 1] : fallback;
};
const phases = new Set(option('phases', 'store,tui,poll,mlflow').split(','));
const SAMPLES = Number(option('samples', '100'));
// --node-env production: run the TUI with React's production build.
const nodeEnv = option('node-env', undefined);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const results = {machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${process.platform}`};

function stats(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
	const round = (v) => Math.round(v * 10) / 10;
	return {n: sorted.length, median: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1))};
}

function report(name, value) {
	results[name] = value;
	console.log(`${name}: ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------------------- the store

const own = !option('dir');
const base = option('dir') ?? mkdtempSync(join(tmpdir(), 'mlwatch-bench-'));
const root = join(base, 'mlruns');
mkdirSync(base, {recursive: true});
let started = performance.now();
const description = join(base, 'bench-store.json');
// An existing bench store in DIR is reused (making one takes a minute or two).
const made = existsSync(description) ? JSON.parse(readFileSync(description, 'utf8')) : makeBenchStore(root, {experiments: 5, runsPerExperiment: 1000, running: 100});
writeFileSync(description, JSON.stringify(made));
report('store', {experiments: 5, runs: 5000, running: made.running.length, metricsPerRun: METRICS.length, seconds: Math.round((performance.now() - started) / 100) / 10});

let counter = 0;
/** Append one point with a value never used before; returns the value as the TUI shows it. */
function appendPoint(run, key = 'loss') {
	counter++;
	const value = Number((0.1 + counter / 100000).toFixed(5));
	// Steps only grow, also across runs of this script on a reused store (and above what the
	// heavy writer logs): the new point must be the metric's latest by MLflow's rule.
	run.step = Math.max(run.step + 1, Math.floor(Date.now() * 10));
	appendFileSync(join(run.dir, 'metrics', ...key.split('/')), `${Date.now()} ${value} ${run.step}\n`);
	return value;
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];

// ----------------------------------------------------------------- in-process (store)

async function appendToRead(source, label, samples) {
	const store = new FileStore(root);
	// As the TUI does: the store follows through the source and is re-read on its changes.
	const feed = store.followWith(source);
	for (const experiment of made.experiments) await listRuns(store, experiment.id);
	const waiting = new Map();
	let reading = Promise.resolve();
	feed.subscribe(() => {
		// Re-read serially, as the TUI's queue does.
		reading = reading.then(async () => {
			for (const [id, wait] of waiting) {
				const records = await listRuns(store, wait.experimentId);
				const record = records.find((candidate) => candidate.run.info.run_id === id);
				if (record?.summaries['loss']?.latest.value === wait.value) {
					waiting.delete(id);
					wait.resolve(performance.now() - wait.t0);
				}
			}
		});
	});
	await source.start();
	await sleep(500);
	const delays = [];
	for (let i = 0; i < samples; i++) {
		const run = pick(made.running);
		const done = new Promise((resolve) => {
			const t0 = performance.now();
			const value = appendPoint(run);
			waiting.set(run.runId, {experimentId: run.experimentId, value, t0, resolve});
		});
		const timeout = sleep(10_000).then(() => Number.NaN);
		delays.push(await Promise.race([done, timeout]));
		waiting.clear();
		await sleep(50 + Math.random() * 100);
	}
	report(label, stats(delays.filter((d) => !Number.isNaN(d))));
	if (delays.some(Number.isNaN)) report(`${label} (missed)`, delays.filter(Number.isNaN).length);
	await source.close();
}

/** CPU of watcher + re-reads (as the TUI does them, without drawing) under 10,000 lines/s. */
async function underHeavyWriter() {
	const store = new FileStore(root);
	const experiment = made.experiments[0].id;
	const source = new FsWatchSource(root);
	const feed = store.followWith(source);
	await listRuns(store, experiment);
	let batches = 0;
	let reading = Promise.resolve();
	feed.subscribe(() => {
		batches++;
		reading = reading.then(() => listRuns(store, experiment));
	});
	await source.start();
	const writer = heavyWriter(10_000, 25);
	await sleep(3000);
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const lags = [];
	// Event-loop delay: how late a 20 ms timer fires (what a keypress would wait for).
	for (let end = t0 + 20_000; performance.now() < end; ) {
		const asked = performance.now();
		await sleep(20);
		lags.push(performance.now() - asked - 20);
	}
	const cpu = process.cpuUsage(cpu0);
	const seconds = (performance.now() - t0) / 1000;
	report('watcher + re-read under 10,000 lines/s: CPU % of one core, batches/s', {cpu: Math.round(((cpu.user + cpu.system) / 1e4 / seconds) * 10) / 10, batchesPerSecond: Math.round(batches / seconds)});
	report('event-loop delay under 10,000 lines/s, watcher + re-read only (ms)', stats(lags));
	writer.kill();
	await source.close();
}

if (phases.has('store')) {
	const before = inotifyWatchCount();
	started = performance.now();
	const source = new FsWatchSource(root);
	await source.start();
	report('watcher start-up (scan + watches), ms', Math.round(performance.now() - started));
	report('inotify watches used by the watcher', (inotifyWatchCount() ?? 0) - (before ?? 0));
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	await sleep(20_000);
	const cpu = process.cpuUsage(cpu0);
	report('watcher idle CPU, % of one core (20 s, 100 running runs)', Math.round(((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 1000) / 10);
	await source.close();

	await appendToRead(new FsWatchSource(root), 'append -> value read back, watching (ms)', SAMPLES);
	await underHeavyWriter();
	await appendToRead(new StatPoller(root, {intervalMs: 1000}), 'append -> value read back, polling every 1000 ms (ms)', Math.min(SAMPLES, 30));
}

// --------------------------------------------------------------------------- the TUI

const tmux = (...argv) => spawnSync('tmux', argv, {encoding: 'utf8'});
const capture = (session) => tmux('capture-pane', '-p', '-t', session).stdout ?? '';

function cpuTicks(pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return Number(fields[11]) + Number(fields[12]);
}
const TICK_MS = 10; // USER_HZ = 100 on Linux

async function cpuPercent(pid, ms) {
	const before = cpuTicks(pid);
	await sleep(ms);
	return Math.round(((cpuTicks(pid) - before) * TICK_MS / ms) * 1000) / 10;
}

async function waitScreen(session, test, timeoutMs = 120_000) {
	const t0 = performance.now();
	while (performance.now() - t0 < timeoutMs) {
		if (test(capture(session))) return performance.now() - t0;
		await sleep(5);
	}
	throw new Error(`screen never matched; last:\n${capture(session)}`);
}

function selectedRow(screen) {
	return screen.split('\n').findIndex((line) => line.includes('›'));
}

async function openTui(session, extra = []) {
	tmux('kill-session', '-t', session);
	const target = made.running.filter((run) => run.experimentId === made.experiments[0].id).at(-1);
	const command = `exec env -u CI TERM=xterm-256color ${nodeEnv ? `NODE_ENV=${nodeEnv} ` : ''}node ${join(dist, 'mlwatch.js')} ${root} --experiment ${made.experiments[0].name} ${extra.join(' ')}`;
	const t0 = performance.now();
	tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', command);
	const pid = Number(tmux('list-panes', '-t', session, '-F', '#{pane_pid}').stdout.trim());
	await waitScreen(session, (screen) => screen.includes(target.name) && screen.includes('loss'));
	const firstFrame = Math.round(performance.now() - t0);
	// Wait for the background reads (run counts of the other experiments) to finish.
	for (let i = 0; i < 60 && (await cpuPercent(pid, 1000)) > 5; i++);
	return {pid, target, firstFrame};
}

async function appendToScreen(session, target, samples) {
	const delays = [];
	for (let i = 0; i < samples; i++) {
		const value = appendPoint(target);
		const text = String(value);
		const t0 = performance.now();
		try {
			await waitScreen(session, (screen) => screen.includes(text), 10_000);
			delays.push(performance.now() - t0);
		} catch {
			delays.push(Number.NaN);
		}
		await sleep(200 + Math.random() * 300);
	}
	return delays;
}

async function keypresses(session, samples) {
	const delays = [];
	for (let i = 0; i < samples; i++) {
		const before = selectedRow(capture(session));
		const t0 = performance.now();
		tmux('send-keys', '-t', session, i % 2 === 0 ? 'j' : 'k');
		await waitScreen(session, (screen) => selectedRow(screen) !== before, 5000);
		delays.push(performance.now() - t0);
		// Longer than the TUI's input grace (150 ms, ui/store-changes.ts): each key press
		// meets whatever new data is being read and drawn, as a single press after a pause does.
		await sleep(300);
	}
	return delays;
}

/** A separate process appending `rate` lines a second across the running runs' metrics. */
function heavyWriter(rate, seconds) {
	const files = made.running.flatMap((run) => METRICS.map((key) => join(run.dir, 'metrics', ...key.split('/'))));
	const code = `
		const {appendFileSync} = require('node:fs');
		const files = ${JSON.stringify(files)};
		const perTick = ${rate} / 100; let i = 0; let step = 100000;
		const end = Date.now() + ${seconds * 1000};
		const tick = () => {
			for (let n = 0; n < perTick; n++) appendFileSync(files[i++ % files.length], Date.now() + ' 0.5 ' + (step++) + '\\n');
			if (Date.now() < end) setTimeout(tick, 10); else process.exit(0);
		};
		tick();`;
	return spawn(process.execPath, ['-e', code], {stdio: 'ignore'});
}

if (phases.has('tui')) {
	const session = 'mlwatch-bench';
	const {pid, target, firstFrame} = await openTui(session);
	report('TUI first frame with the run table, ms (1000 runs in view, 5000 in store)', firstFrame);
	report('TUI inotify watches', inotifyWatchCount(pid));
	report('TUI RSS, MB', Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024));
	report('TUI idle CPU, % of one core (30 s, 100 running runs, no writes)', await cpuPercent(pid, 30_000));
	const screenDelays = await appendToScreen(session, target, Math.min(SAMPLES, 60));
	report('append -> value on screen, watching (ms)', stats(screenDelays.filter((d) => !Number.isNaN(d))));
	report('keypress -> frame, no writer (ms)', stats(await keypresses(session, 30)));

	const writer = heavyWriter(10_000, 45);
	await sleep(3000);
	report('TUI CPU under 10,000 lines/s, % of one core (20 s)', await cpuPercent(pid, 20_000));
	report('keypress -> frame under 10,000 lines/s (ms)', stats(await keypresses(session, 30)));
	const busyDelays = await appendToScreen(session, target, 20);
	report('append -> value on screen under 10,000 lines/s (ms)', stats(busyDelays.filter((d) => !Number.isNaN(d))));
	writer.kill();
	tmux('send-keys', '-t', session, 'q');
	await sleep(500);
	tmux('kill-session', '-t', session);
}

if (phases.has('poll')) {
	const session = 'mlwatch-bench-poll';
	const {pid, target} = await openTui(session, ['--poll=1000']);
	report('TUI inotify watches with --poll=1000', inotifyWatchCount(pid));
	report('TUI idle CPU with --poll=1000, % of one core (30 s)', await cpuPercent(pid, 30_000));
	const delays = await appendToScreen(session, target, Math.min(SAMPLES, 30));
	report('append -> value on screen, polling every 1000 ms (ms)', stats(delays.filter((d) => !Number.isNaN(d))));
	tmux('send-keys', '-t', session, 'q');
	await sleep(500);
	tmux('kill-session', '-t', session);
}

// ------------------------------------------- a real MLflow training script, on screen

const trainingScript = `
import os, sys, time, json, warnings, logging
warnings.simplefilter('ignore'); logging.getLogger('mlflow').setLevel(logging.ERROR)
import mlflow
mlflow.set_tracking_uri('file://' + sys.argv[1])
mlflow.set_experiment('real-training')
with mlflow.start_run(run_name='real-mlflow-run'):
    mlflow.log_params({'model/optimizer/lr': 0.001, 'batch_size': 32})
    mlflow.log_metric('loss', 0.5, step=0)
    print('ready', flush=True)
    sys.stdin.readline()
    for i in range(1, int(sys.argv[2]) + 1):
        value = round(0.2 + i / 100000, 5)
        mlflow.log_metric('loss', value, step=i)
        print(json.dumps({'value': value, 'ms': time.time() * 1000}), flush=True)
        time.sleep(float(sys.argv[3]))
`;

if (phases.has('real')) {
	const venv = spawnSync('bash', [join(repo, 'scripts', 'mlflow-env.sh'), '3.1.4'], {encoding: 'utf8'}).stdout.trim().split('\n').pop();
	const store = join(base, 'real-mlruns');
	rmSync(store, {recursive: true, force: true});
	const samples = Math.min(SAMPLES, 60);
	const python = spawn(join(venv, 'bin', 'python'), ['-c', trainingScript, store, String(samples), '0.5'], {env: {...process.env, MLFLOW_ALLOW_FILE_STORE: 'true'}, stdio: ['pipe', 'pipe', 'inherit']});
	const lines = [];
	let buffer = '';
	python.stdout.on('data', (chunk) => {
		buffer += chunk;
		const parts = buffer.split('\n');
		buffer = parts.pop();
		lines.push(...parts);
	});
	while (!lines.includes('ready')) await sleep(50);
	const session = 'mlwatch-bench-real';
	tmux('kill-session', '-t', session);
	tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '45', `exec env -u CI TERM=xterm-256color ${nodeEnv ? `NODE_ENV=${nodeEnv} ` : ''}node ${join(dist, 'mlwatch.js')} ${store} --experiment real-training`);
	await waitScreen(session, (screen) => screen.includes('real-mlflow-run') && screen.includes('loss'));
	await sleep(2000);
	python.stdin.write('go\n');
	const delays = [];
	for (let i = 1; i <= samples; i++) {
		while (lines.filter((line) => line.startsWith('{')).length < i) await sleep(2);
		const {value, ms} = JSON.parse(lines.filter((line) => line.startsWith('{'))[i - 1]);
		try {
			await waitScreen(session, (screen) => screen.includes(String(value)), 10_000);
			delays.push(Date.now() - ms);
		} catch {
			delays.push(Number.NaN);
		}
	}
	report('real MLflow 3.1.4 log_metric -> value on screen, watching (ms)', stats(delays.filter((d) => !Number.isNaN(d))));
	console.log(capture(session));
	python.kill();
	tmux('send-keys', '-t', session, 'q');
	await sleep(500);
	tmux('kill-session', '-t', session);
}

// ------------------------------------------------------------------ MLflow itself

if (phases.has('mlflow')) {
	const venv = spawnSync('bash', [join(repo, 'scripts', 'mlflow-env.sh'), '3.1.4'], {encoding: 'utf8'}).stdout.trim().split('\n').pop();
	// MLflow writes into a store it opens: give it a copy of one experiment (1000 runs).
	const copy = join(base, 'mlflow-copy');
	const experiment = made.experiments[0];
	mkdirSync(copy, {recursive: true});
	cpSync(join(root, '0'), join(copy, '0'), {recursive: true});
	cpSync(join(root, experiment.id), join(copy, experiment.id), {recursive: true});
	const python = `
import os, sys, time, warnings, logging
warnings.simplefilter('ignore'); t0 = time.time()
os.environ['MLFLOW_ALLOW_FILE_STORE'] = 'true'
from mlflow.tracking import MlflowClient
t1 = time.time()
client = MlflowClient(tracking_uri='file://' + sys.argv[1])
runs = client.search_runs([sys.argv[2]], max_results=1000)
t2 = time.time()
runs = client.search_runs([sys.argv[2]], max_results=1000, filter_string='metrics.loss < 0.5', order_by=['metrics.loss ASC'])
t3 = time.time()
print(f'{t1 - t0:.2f} {t2 - t1:.2f} {t3 - t2:.2f} {len(runs)}')`;
	let t0 = performance.now();
	const mlflow = spawnSync(join(venv, 'bin', 'python'), ['-c', python, copy, experiment.id], {encoding: 'utf8'});
	const wall = (performance.now() - t0) / 1000;
	const [importS, searchS, filteredS] = mlflow.stdout.trim().split(' ').map(Number);
	report('MLflow 3.1.4 search_runs, 1000 runs (s)', {import: importS, search: searchS, filteredSorted: filteredS, wallIncludingStartup: Math.round(wall * 100) / 100});
	t0 = performance.now();
	const ours = spawnSync(process.execPath, [join(dist, 'mlwatch.js'), 'runs', '--store', copy, '--experiment', experiment.id, '--json'], {encoding: 'utf8', maxBuffer: 1 << 30});
	const oursS = (performance.now() - t0) / 1000;
	t0 = performance.now();
	spawnSync(process.execPath, [join(dist, 'mlwatch.js'), 'runs', '--store', copy, '--experiment', experiment.id, '--filter', 'metrics.loss < 0.5', '--order-by', 'metrics.loss ASC', '--json'], {encoding: 'utf8', maxBuffer: 1 << 30});
	const oursFiltered = (performance.now() - t0) / 1000;
	report('mlwatch runs --json, 1000 runs, whole process (s)', {all: Math.round(oursS * 100) / 100, filteredSorted: Math.round(oursFiltered * 100) / 100, runs: JSON.parse(ours.stdout).runs.length});
}

console.log('\n' + JSON.stringify(results, null, '\t'));
if (own) rmSync(base, {recursive: true, force: true});
