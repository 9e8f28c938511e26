import {FLAG, flagWith} from '../cli-flags.js';
import type {Command} from './command.js';
import {checkOneFormat, printTable, reportProblems, storeFor, streamJson} from './output.js';
import {runsToCsv} from './runs-csv.js';
import {findExperiments, searchPages, withSummaries} from '../store/queries.js';
import type {TrackingStore} from '../store/contract.js';
import type {RunRecord} from '../store/run-record.js';
import {formatDuration, formatNumber, formatTime} from '../text/format.js';
import type {Run} from '../store/types.js';
import type {Column} from '../text/text-table.js';
import {liveness, livenessFlag, livenessJson} from '../live/liveness.js';

/**
 * How alive each RUNNING run looks, keyed by run id. Kept beside the runs rather than
 * inside them, so each run stays exactly MLflow's shape.
 */
export function livenessByRun(records: RunRecord[], now = Date.now()): Record<string, ReturnType<typeof livenessJson>> {
	const out: Record<string, ReturnType<typeof livenessJson>> = {};
	for (const record of records) {
		if (record.run.info.status === 'RUNNING') out[record.run.info.run_id] = livenessJson(liveness(record, now));
	}
	return out;
}

/** Records for the RUNNING runs of a page (their liveness needs their logging rhythm). */
async function runningRecords(store: TrackingStore, runs: readonly Run[]): Promise<RunRecord[]> {
	return withSummaries(store, runs.filter((run) => run.info.status === 'RUNNING'));
}

/** The metric keys most runs have, for the people table. */
function commonMetrics(runs: Run[], limit: number): string[] {
	const counts = new Map<string, number>();
	for (const run of runs) for (const metric of run.data.metrics) counts.set(metric.key, (counts.get(metric.key) ?? 0) + 1);
	return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([key]) => key);
}

export const runsCommand: Command = {
	name: 'runs',
	args: [],
	takesStore: true,
	flags: [
		FLAG.store,
		FLAG.experiment,
		FLAG.filter,
		FLAG.orderBy,
		flagWith(FLAG.all, 'include deleted runs'),
		FLAG.maxResults,
		FLAG.json,
		flagWith(FLAG.csv, 'print CSV, one row per run with metrics.X, params.Y and tags.Z columns, like mlflow.search_runs'),
		FLAG.wide,
		FLAG.problems,
		FLAG.noCache,
	],
	summary: 'Search runs with MLflow\'s filter grammar ({"runs": [...]} with --json)',
	details: 'Without --experiment, every active experiment. In a terminal the table fits its width (short run ids, fewer columns); piped or with --wide it has every column.',
	examples: [
		'mlwatch runs path/to/project --filter "metrics.accuracy > 0.9 and params.model = \'rf\'" --order-by "metrics.rmse ASC"',
		'mlwatch runs --experiment wine-quality --filter "run_name ILIKE \'%sweep%\'" --csv > runs.csv',
	],
	async run(input) {
		checkOneFormat(input);
		const store = await storeFor(input);
		const experiments = await findExperiments(store, input.flags.experiment);
		const query = {
			experimentIds: experiments.map((experiment) => experiment.experiment_id),
			...(input.flags.filter === undefined ? {} : {filter: input.flags.filter}),
			orderBy: input.flags.orderBy,
			view: input.flags.all ? ('ALL' as const) : ('ACTIVE_ONLY' as const),
			...(input.flags.maxResults === undefined ? {} : {maxResults: input.flags.maxResults}),
		};
		const now = Date.now();
		if (input.flags.json) {
			// Page by page: ten thousand runs are never all in memory as text.
			const running: RunRecord[] = [];
			const pages = (async function* () {
				for await (const page of searchPages(store, query)) {
					running.push(...(await runningRecords(store, page)));
					yield page;
				}
			})();
			await streamJson(input, 'runs', pages, () => {
				const alive = livenessByRun(running, now);
				return Object.keys(alive).length > 0 ? {liveness: alive, problems: store.problems()} : {problems: store.problems()};
			});
			reportProblems(input, store.problems());
			return 0;
		}
		const runs: Run[] = [];
		for await (const page of searchPages(store, query)) runs.push(...page);
		const problems = store.problems();
		if (input.flags.csv) {
			input.stdout.write(runsToCsv(runs));
		} else {
			const records = new Map((await runningRecords(store, runs)).map((record) => [record.run.info.run_id, record]));
			const metrics = commonMetrics(runs, 4);
			const names = new Map(experiments.map((experiment) => [experiment.experiment_id, experiment.name]));
			const oneExperiment = new Set(runs.map((run) => run.info.experiment_id)).size <= 1;
			// Left out in this order when the terminal is too narrow: the experiment when all
			// runs share one, the rarer metrics, then times; never the id, name or status.
			const metricDrop = [2, 3, 8, 9];
			const columns: Column[] = [
				{header: 'RUN ID', id: true},
				{header: 'NAME', shrinkable: true},
				{header: 'EXPERIMENT', shrinkable: true, drop: oneExperiment ? 10 : 4},
				{header: 'STATUS'},
				{header: 'STARTED', drop: 6},
				{header: 'DURATION', align: 'right', drop: 7},
				...metrics.map((key, index) => ({header: key, align: 'right' as const, shrinkable: true, comfortable: 12, cutMiddle: true, drop: metricDrop[index]!})),
			];
			const rows = runs.map((run) => {
				const record = records.get(run.info.run_id);
				const flag = record ? livenessFlag(liveness(record, now)) : '';
				const values = new Map(run.data.metrics.map((metric) => [metric.key, metric.value]));
				const end = run.info.end_time ?? (run.info.status === 'RUNNING' ? now : undefined);
				return [
					run.info.run_id,
					run.info.run_name ?? '',
					names.get(run.info.experiment_id) ?? run.info.experiment_id,
					flag ? `${run.info.status} (${flag})` : run.info.status,
					formatTime(run.info.start_time),
					run.info.start_time !== undefined && end !== undefined ? formatDuration(end - run.info.start_time) : '',
					...metrics.map((key) => formatNumber(values.get(key))),
				];
			});
			printTable(input, columns, rows);
			if (runs.length === 0) input.stderr.write('mlwatch: no runs matched\n');
		}
		reportProblems(input, problems);
		return 0;
	},
};
