import {FLAG, flagWith} from '../cli-flags.js';
import type {Command} from './command.js';
import {checkOneFormat, printJson, reportProblems, storeFor} from './output.js';
import {toCsv} from './runs-csv.js';
import {resolveRunId} from '../store/queries.js';
import {formatNumber, formatTime} from '../text/format.js';
import {renderTable} from '../text/text-table.js';
import {sanitizeLine} from '../text/sanitize.js';

export const historyCommand: Command = {
	name: 'history',
	args: ['RUN_ID', 'KEY'],
	takesStore: true,
	flags: [FLAG.store, FLAG.noCache, FLAG.json, flagWith(FLAG.csv, 'print CSV: step, value, timestamp (ms since 1970)'), FLAG.problems],
	summary: 'A metric\'s full history ({"metrics": [...]} with --json)',
	details: 'RUN_ID may be the start of a run id, as long as no other run id starts the same way.',
	examples: ['mlwatch history path/to/project 3f2a91c0 val_loss', 'mlwatch history 3f2a91c0 val_loss --csv > val_loss.csv'],
	async run(input) {
		checkOneFormat(input);
		const [given, key] = input.args as [string, string];
		const store = await storeFor(input);
		const runId = await resolveRunId(store, given);
		const metrics = (await store.getMetricHistories([runId], key)).histories[runId] ?? [];
		const problems = store.problems().filter((problem) => problem.path.includes(runId));
		if (input.flags.json) {
			printJson(input, {metrics, problems});
		} else if (metrics.length === 0) {
			input.stderr.write(`mlwatch: run ${runId} has no metric '${sanitizeLine(key)}'\n`);
		} else if (input.flags.csv) {
			input.stdout.write(toCsv(['step', 'value', 'timestamp'], metrics.map((metric) => [metric.step, metric.value, metric.timestamp])));
		} else {
			const table = renderTable([{header: 'STEP', align: 'right'}, {header: 'VALUE', align: 'right'}, {header: 'TIME'}], metrics.map((metric) => [String(metric.step), formatNumber(metric.value), formatTime(metric.timestamp)]));
			input.stdout.write(table.text + '\n');
		}
		reportProblems(input, problems);
		return metrics.length === 0 && !input.flags.json ? 1 : 0;
	},
};
