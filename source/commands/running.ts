import {FLAG, flagWith} from '../cli-flags.js';
import type {Command} from './command.js';
import {checkOneFormat, printJson, printTable, reportProblems, storeFor} from './output.js';
import {livenessByRun} from './runs.js';
import {runsToCsv} from './runs-csv.js';
import {livenessFlag} from '../live/liveness.js';
import {runningNow} from '../live/running-now.js';
import {formatAgo, formatDuration} from '../text/format.js';

export const runningCommand: Command = {
	name: 'running',
	args: [],
	takesStore: true,
	flags: [FLAG.store, FLAG.noCache, FLAG.json, flagWith(FLAG.csv, 'print the running runs as CSV, like runs --csv'), FLAG.wide, FLAG.problems],
	summary: 'Runs that say RUNNING, across experiments, flagged stalled or probably dead when quiet too long',
	examples: ['mlwatch running path/to/project', 'mlwatch running --json'],
	async run(input) {
		checkOneFormat(input);
		const store = await storeFor(input);
		const now = Date.now();
		const running = await runningNow(store, now);
		const records = running.map((entry) => entry.record);
		const problems = store.problems();
		if (input.flags.json) {
			printJson(input, {runs: records.map((record) => record.run), liveness: livenessByRun(records, now), problems});
		} else if (input.flags.csv) {
			input.stdout.write(runsToCsv(records.map((record) => record.run)));
		} else {
			const rows = running.map(({experiment, record, liveness}) => [
				record.run.info.run_id,
				record.run.info.run_name ?? '',
				experiment.name,
				liveness.state === 'live' ? 'live' : livenessFlag(liveness),
				formatAgo(record.lastWrite || undefined, now),
				liveness.intervalMs === undefined ? '' : `every ${formatDuration(liveness.intervalMs)}`,
			]);
			printTable(input, [{header: 'RUN ID', id: true}, {header: 'NAME', shrinkable: true}, {header: 'EXPERIMENT', shrinkable: true, drop: 1}, {header: 'STATE'}, {header: 'LAST WRITE'}, {header: 'LOGS', drop: 2}], rows);
			if (running.length === 0) input.stderr.write('mlwatch: no run says RUNNING\n');
		}
		reportProblems(input, problems);
		return 0;
	},
};
