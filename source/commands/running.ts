import type {Command} from './command.js';
import {printJson, reportProblems, storeFor, terminalWidth} from './output.js';
import {livenessByRun} from './runs.js';
import {livenessFlag} from '../live/liveness.js';
import {runningNow} from '../live/running-now.js';
import {formatAgo, formatDuration} from '../text/format.js';
import {renderTable} from '../text/text-table.js';

export const runningCommand: Command = {
	name: 'running',
	usage: 'running [--store S] [--json]',
	summary: 'Runs that say RUNNING, across experiments, flagged stalled or probably dead when quiet too long',
	async run(input) {
		const store = await storeFor(input);
		const now = Date.now();
		const running = await runningNow(store, now);
		const records = running.map((entry) => entry.record);
		const problems = store.problems();
		if (input.flags.json) {
			printJson(input, {runs: records.map((record) => record.run), liveness: livenessByRun(records, now), problems});
		} else {
			const rows = running.map(({experiment, record, liveness}) => [
				record.run.info.run_id,
				record.run.info.run_name ?? '',
				experiment.name,
				liveness.state === 'live' ? 'live' : livenessFlag(liveness),
				formatAgo(record.lastWrite || undefined, now),
				liveness.intervalMs === undefined ? '' : `every ${formatDuration(liveness.intervalMs)}`,
			]);
			input.stdout.write(renderTable([{header: 'RUN ID'}, {header: 'NAME', shrinkable: true}, {header: 'EXPERIMENT', shrinkable: true}, {header: 'STATE'}, {header: 'LAST WRITE'}, {header: 'LOGS'}], rows, terminalWidth(input)) + '\n');
			if (running.length === 0) input.stderr.write('mlwatch: no run says RUNNING\n');
		}
		reportProblems(input, problems);
		return 0;
	},
};
