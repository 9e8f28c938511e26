import {UsageError, type Command} from './command.js';
import {printJson, reportProblems, storeFor} from './output.js';
import {resolveRunId} from '../store/queries.js';
import {formatNumber, formatTime} from '../text/format.js';
import {renderTable} from '../text/text-table.js';
import {sanitizeLine} from '../text/sanitize.js';

export const historyCommand: Command = {
	name: 'history',
	usage: 'history RUN_ID KEY [--store S] [--json]',
	summary: 'A metric\'s full history ({"metrics": [...]} with --json)',
	async run(input) {
		const [given, key] = input.args;
		if (!given || !key) throw new UsageError('mlwatch history needs a RUN_ID and a metric KEY');
		const store = await storeFor(input);
		const runId = await resolveRunId(store, given);
		const metrics = (await store.getMetricHistories([runId], key)).histories[runId] ?? [];
		const problems = store.problems().filter((problem) => problem.path.includes(runId));
		if (input.flags.json) {
			printJson(input, {metrics, problems});
		} else {
			if (metrics.length === 0) input.stderr.write(`mlwatch: run ${runId} has no metric '${sanitizeLine(key)}'\n`);
			else input.stdout.write(renderTable([{header: 'STEP', align: 'right'}, {header: 'VALUE', align: 'right'}, {header: 'TIME'}], metrics.map((metric) => [String(metric.step), formatNumber(metric.value), formatTime(metric.timestamp)])) + '\n');
		}
		reportProblems(input, problems);
		return metrics.length === 0 && !input.flags.json ? 1 : 0;
	},
};
