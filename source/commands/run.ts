import {UsageError, type Command} from './command.js';
import {printJson, reportProblems, storeFor} from './output.js';
import {resolveRunId, withSummaries} from '../store/queries.js';
import {formatDuration, formatNumber, formatTime} from '../text/format.js';
import {sanitize, sanitizeLine} from '../text/sanitize.js';

export const runCommand: Command = {
	name: 'run',
	usage: 'run RUN_ID [--store S] [--json]',
	summary: 'Show one run ({"run": {...}} with --json)',
	async run(input) {
		const given = input.args[0];
		if (!given) throw new UsageError('mlwatch run needs a RUN_ID');
		const store = await storeFor(input);
		const runId = await resolveRunId(store, given);
		const run = await store.getRun(runId);
		if (!run) throw new UsageError(`no run '${sanitizeLine(runId)}'`);
		const [record] = await withSummaries(store, [run]);
		if (!record) return 1;
		const problems = store.problems().filter((problem) => problem.path.includes(runId));
		if (input.flags.json) {
			printJson(input, {run: record.run, problems});
		} else {
			const {info, data} = record.run;
			const lines = [
				`${sanitizeLine(info.run_name ?? '(no name)')}  ${info.run_id}`,
				`experiment ${info.experiment_id}  status ${info.status}  ${info.lifecycle_stage}`,
				`started ${formatTime(info.start_time)}  duration ${info.start_time && info.end_time ? formatDuration(info.end_time - info.start_time) : ''}`,
				`artifacts ${sanitizeLine(info.artifact_uri ?? '')}`,
				'',
				'metrics (latest, min, max, points):',
				...Object.values(record.summaries).map((summary) => `  ${sanitizeLine(summary.key)} = ${formatNumber(summary.latest.value)}  (step ${summary.latest.step}; min ${formatNumber(summary.min)}, max ${formatNumber(summary.max)}, ${summary.count} points)`),
				'params:',
				...data.params.map((param) => `  ${sanitizeLine(param.key)} = ${sanitizeLine(param.value)}`),
				'tags:',
				...data.tags.map((tag) => `  ${sanitizeLine(tag.key)} = ${sanitize(tag.value).replace(/\n/g, '\n    ')}`),
			];
			input.stdout.write(lines.join('\n') + '\n');
		}
		reportProblems(input, problems);
		return 0;
	},
};
