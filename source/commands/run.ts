import {FLAG, flagWith} from '../cli-flags.js';
import {UsageError, type Command} from './command.js';
import {checkOneFormat, printJson, reportProblems, storeFor} from './output.js';
import {runsToCsv} from './runs-csv.js';
import {resolveRunId, withSummaries} from '../store/queries.js';
import {formatDuration, formatNumber, formatTime} from '../text/format.js';
import {sanitize, sanitizeLine} from '../text/sanitize.js';

export const runCommand: Command = {
	name: 'run',
	args: ['RUN_ID'],
	takesStore: true,
	flags: [FLAG.store, FLAG.noCache, FLAG.json, flagWith(FLAG.csv, 'print the run as one CSV row, like runs --csv'), FLAG.problems],
	summary: 'Show one run ({"run": {...}} with --json)',
	details: 'RUN_ID may be the start of a run id (8 characters, as the terminal UI and tables show them), as long as no other run id starts the same way.',
	examples: ['mlwatch run path/to/project 3f2a91c0', 'mlwatch run 3f2a91c0 --json'],
	async run(input) {
		checkOneFormat(input);
		const given = input.args[0]!;
		const store = await storeFor(input);
		const runId = await resolveRunId(store, given);
		const run = await store.getRun(runId);
		if (!run) throw new UsageError(`no run '${sanitizeLine(runId)}'`);
		const problems = () => store.problems().filter((problem) => problem.path.includes(runId));
		if (input.flags.json) {
			printJson(input, {run, problems: problems()});
		} else if (input.flags.csv) {
			input.stdout.write(runsToCsv([run]));
		} else {
			// Summaries only for people: a tracking server answers each with a request.
			const [record] = await withSummaries(store, [run]);
			if (!record) return 1;
			const {info, data} = record.run;
			const lines = [
				`${sanitizeLine(info.run_name ?? '(no name)')}  ${info.run_id}`,
				`experiment ${info.experiment_id}  status ${info.status}  ${info.lifecycle_stage}`,
				`started ${formatTime(info.start_time)}  duration ${info.start_time !== undefined && info.end_time !== undefined ? formatDuration(info.end_time - info.start_time) : ''}`,
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
		reportProblems(input, problems());
		return 0;
	},
};
