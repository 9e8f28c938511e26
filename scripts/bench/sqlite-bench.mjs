// The SQLite backend's benchmark: the wide reference store (10 experiments x 1,000 runs,
// 10 metrics x 100 steps, 20 params, 10 tags; scripts/bench/make-store.mjs) converted into
// mlflow.db, then, in one go on one machine, `mlwatch runs --json` against MLflow 3.1.4's
// own MlflowClient.search_runs over every experiment of the same database, each as a whole
// process with its peak memory. Not a test: it prints the figures and the commands.
// Needs a built dist/ (npm run build) and MLflow 3.1.4 from scripts/mlflow-env.sh.
//
//   node scripts/bench/sqlite-bench.mjs [--dir DIR] [--repeat N]
//
// DIR (default /tmp/mlwatch-bench, shared with run.mjs) keeps wide/mlruns and
// wide-sqlite/mlflow.db between runs. The database is made as MLflow 3.1.4 makes one (MLflow
// creates the empty schema), then filled row for row as MLflow's SQL store writes a run:
// runs, tags, params, every metric point in `metrics`, the latest per key in
// `latest_metrics` (MLflow's rule: highest step, then timestamp, then value).

import {spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {cpus, totalmem} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(repo, 'dist', 'mlwatch.js');
const {values: flags} = parseArgs({options: {dir: {type: 'string'}, repeat: {type: 'string'}}});
const base = resolve(flags.dir ?? '/tmp/mlwatch-bench');
const repeat = Number(flags.repeat ?? 3);
const WIDE = {experiments: 10, runs: 1000, metrics: 10, steps: 100, params: 20, tags: 10};
const DOUBLE_MAX = 1.7976931348623157e308;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb) => `${Math.round(kb / 1024)} MB`;

/** A shell command as a whole process: wall time (ms) and peak RSS (KB), as /usr/bin/time -f '%e %M' reports them. */
function timed(command) {
	const started = performance.now();
	const result = spawnSync('/usr/bin/time', ['-f', '%e %M', 'sh', '-c', command], {encoding: 'utf8', maxBuffer: 1 << 30});
	const wall = performance.now() - started;
	if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
	const [, kb] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
	return {ms: wall, kb, stderr: result.stderr};
}

function mlflowPython(version) {
	const made = spawnSync('bash', [join(repo, 'scripts', 'mlflow-env.sh'), version], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']});
	if (made.status !== 0) throw new Error(`scripts/mlflow-env.sh ${version} failed`);
	return join(made.stdout.trim().split('\n').pop(), 'bin', 'python');
}

function wideStore() {
	const root = join(base, 'wide', 'mlruns');
	if (!existsSync(root) || readdirSync(root).length === 0) {
		console.error(`writing ${root} ...`);
		const args = Object.entries(WIDE).flatMap(([key, value]) => [`--${key}`, String(value)]);
		const made = spawnSync(process.execPath, [join(repo, 'scripts', 'bench', 'make-store.mjs'), root, ...args], {stdio: 'inherit'});
		if (made.status !== 0) throw new Error('make-store failed');
	}
	return root;
}

/** A metric file's points ("timestamp value step" lines). */
function readPoints(path) {
	const points = [];
	for (const line of readFileSync(path, 'utf8').split('\n')) {
		if (!line) continue;
		const [timestamp, value, step] = line.split(' ');
		points.push({timestamp: Number(timestamp), value: Number(value), step: Number(step ?? 0)});
	}
	return points;
}

/** What MLflow's SQL store stores for a value: is_nan, and infinities clamped. */
function stored(value) {
	if (Number.isNaN(value)) return {value: 0, isNan: 1};
	if (value === Infinity) return {value: DOUBLE_MAX, isNan: 0};
	if (value === -Infinity) return {value: -DOUBLE_MAX, isNan: 0};
	return {value, isNan: 0};
}

async function convert(fileRoot, db, python) {
	rmSync(dirname(db), {recursive: true, force: true});
	mkdirSync(dirname(db), {recursive: true});
	console.error(`creating ${db} with MLflow 3.1.4 ...`);
	const init = spawnSync(python, ['-c', 'import sys, mlflow; from mlflow.tracking import MlflowClient; MlflowClient(tracking_uri=sys.argv[1]).search_experiments()', `sqlite:///${db}`], {cwd: dirname(db), encoding: 'utf8', env: {...process.env, MLFLOW_TRACKING_URI: ''}});
	if (init.status !== 0) throw new Error(`MLflow could not create ${db}:\n${init.stderr.slice(-2000)}`);

	const {FileStore} = await import(join(repo, 'dist', 'store', 'file', 'file-store.js'));
	const {allExperiments, searchAllRuns} = await import(join(repo, 'dist', 'store', 'queries.js'));
	const {default: Database} = await import('better-sqlite3');
	const files = new FileStore(fileRoot);
	const sql = new Database(db);
	const insert = {
		experiment: sql.prepare("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, 'active', ?, ?)"),
		experimentTag: sql.prepare('INSERT INTO experiment_tags (key, value, experiment_id) VALUES (?, ?, ?)'),
		run: sql.prepare("INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time) VALUES (?, ?, 'UNKNOWN', '', '', ?, ?, ?, ?, '', ?, ?, ?, NULL)"),
		tag: sql.prepare('INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)'),
		param: sql.prepare('INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)'),
		metric: sql.prepare('INSERT OR IGNORE INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)'),
		latest: sql.prepare('INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)'),
	};
	const experiments = (await allExperiments(files, 'ACTIVE_ONLY')).filter((experiment) => experiment.experiment_id !== '0').sort((a, b) => (a.creation_time ?? 0) - (b.creation_time ?? 0));
	let nextId = 1;
	let points = 0;
	for (const experiment of experiments) {
		const id = nextId++;
		const runs = await searchAllRuns(files, {experimentIds: [experiment.experiment_id], view: 'ALL'});
		const artifacts = join(dirname(db), 'mlruns', String(id));
		sql.transaction(() => {
			insert.experiment.run(id, experiment.name, artifacts, experiment.creation_time ?? null, experiment.last_update_time ?? null);
			for (const tag of experiment.tags) insert.experimentTag.run(tag.key, tag.value, id);
			for (const run of runs) {
				const {info, data} = run;
				insert.run.run(info.run_id, info.run_name ?? '', info.user_id, info.status, info.start_time ?? null, info.end_time ?? null, info.lifecycle_stage, join(artifacts, info.run_id, 'artifacts'), id);
				for (const tag of data.tags) insert.tag.run(tag.key, tag.value, info.run_id);
				for (const param of data.params) insert.param.run(param.key, param.value, info.run_id);
				for (const metric of data.metrics) {
					const latest = stored(metric.value);
					insert.latest.run(metric.key, latest.value, metric.timestamp, metric.step, latest.isNan, info.run_id);
					for (const point of readPoints(join(fileRoot, experiment.experiment_id, info.run_id, 'metrics', ...metric.key.split('/')))) {
						const value = stored(point.value);
						insert.metric.run(metric.key, value.value, point.timestamp, info.run_id, point.step, value.isNan);
						points++;
					}
				}
			}
		})();
		console.error(`  ${experiment.name}: ${runs.length} runs`);
	}
	sql.close();
	await files.close();
	writeFileSync(join(dirname(db), '.complete'), JSON.stringify({...WIDE, points}));
}

// ---------------------------------------------------------------------------------------

const python = mlflowPython('3.1.4');
const fileRoot = wideStore();
const db = join(base, 'wide-sqlite', 'mlflow.db');
if (!existsSync(join(dirname(db), '.complete'))) await convert(fileRoot, db, python);
const made = JSON.parse(readFileSync(join(dirname(db), '.complete'), 'utf8'));

const mlwatchCommand = `${process.execPath} ${cli} runs --json --store sqlite:///${db} > /dev/null`;
// MLflow opens a database read-write (and upgrades what it finds lacking): it reads a copy.
const copy = join(base, 'wide-sqlite-mlflow-copy', 'mlflow.db');

const mlflowCommand = `${python} ${join(repo, 'scripts', 'bench', 'mlflow-search-all.py')} sqlite:///${copy}`;

// The same runs, both ways.
const answer = spawnSync(process.execPath, [cli, 'runs', '--json', '--store', `sqlite:///${db}`], {encoding: 'utf8', maxBuffer: 1 << 30});
const count = JSON.parse(answer.stdout).runs.length;

const before = statSync(db);
timed(mlwatchCommand); // page cache warm for both, as a user's machine would be
const ours = Array.from({length: repeat}, () => timed(mlwatchCommand));
mkdirSync(dirname(copy), {recursive: true});
copyFileSync(db, copy);
const theirs = Array.from({length: repeat}, () => timed(mlflowCommand));
const mlflowCount = Number(theirs[0].stderr.trim().split('\n').slice(-2, -1)[0]);
rmSync(dirname(copy), {recursive: true, force: true});
const after = statSync(db);

const mlwatchMs = median(ours.map((run) => run.ms));
const mlflowMs = median(theirs.map((run) => run.ms));
const lines = [
	`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`,
	`database: ${db} (${Math.round(after.size / 2 ** 20)} MB; ${made.experiments} experiments x ${made.runs} runs, ${made.points} metric points; unchanged by mlwatch: ${before.mtimeMs === after.mtimeMs && before.size === after.size})`,
	`runs returned: mlwatch ${count}, MLflow ${mlflowCount}`,
	`mlwatch runs --json, median of ${repeat}: ${seconds(mlwatchMs)} (${ours.map((run) => seconds(run.ms)).join(', ')}), peak RSS ${mb(Math.max(...ours.map((run) => run.kb)))}`,
	`MLflow 3.1.4 MlflowClient.search_runs over every experiment, median of ${repeat}: ${seconds(mlflowMs)} (${theirs.map((run) => seconds(run.ms)).join(', ')}), peak RSS ${mb(Math.max(...theirs.map((run) => run.kb)))}`,
	`mlwatch vs MLflow: ${(mlflowMs / mlwatchMs).toFixed(1)}x faster`,
	'',
	'commands (each under /usr/bin/time -f "%e %M"):',
	`  ${mlwatchCommand}`,
	`  ${python} -c '<search_experiments, then search_runs(ids, max_results=50000) page by page on sqlite:///${copy}>'`,
];
console.log(lines.join('\n'));
