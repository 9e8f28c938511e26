import type {Command} from './command.js';
import {reportProblems, storeFor, streamJson, terminalWidth} from './output.js';
import {runsToCsv} from './runs-csv.js';
import {findExperiments, searchPages, withSummaries} from '../store/queries.js';
import type {TrackingStore} from '../store/contract.js';
import type {RunRecord} from '../store/run-record.js';
import {formatDuration, formatNumber, formatTime} from '../text/format.js';
import {renderTable} from '../text/text-table.js';
import type {Run} from '../store/types.js';
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
	usage: 'runs [--store S] [--experiment ID_OR_NAME]... [--filter EXPR] [--order-by CLAUSE]... [--all] [--max-results N] [--json|--csv]',
	summary: 'Search runs with MLflow\'s filter grammar ({"runs": [...]} with --json)',
	async run(input) {
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
			const columns = [
				{header: 'RUN ID'},
				{header: 'NAME', shrinkable: true},
				{header: 'EXPERIMENT', shrinkable: true},
				{header: 'STATUS'},
				{header: 'STARTED'},
				{header: 'DURATION', align: 'right' as const},
				...metrics.map((key) => ({header: key, align: 'right' as const, shrinkable: true})),
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
			input.stdout.write(renderTable(columns, rows, terminalWidth(input)) + '\n');
			if (runs.length === 0) input.stderr.write('mlwatch: no runs matched\n');
		}
		reportProblems(input, problems);
		return 0;
	},
};
