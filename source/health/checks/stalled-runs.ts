// Runs that still say RUNNING but stopped writing: a killed job never records its end.

import {liveness} from '../../live/liveness.js';
import {formatDuration} from '../../text/format.js';
import {sanitizeLine} from '../../text/sanitize.js';
import type {HealthCheck} from '../types.js';

export const stalledRuns: HealthCheck = {
	id: 'stalled-runs',
	title: 'Stalled or dead runs',
	async run(context) {
		const inventory = await context.inventory();
		if (!inventory) return {status: 'ok', message: 'no store to read', fix: ''};
		const active = new Set(inventory.experiments.filter((experiment) => experiment.lifecycle_stage === 'active').map((experiment) => experiment.experiment_id));
		const quiet = inventory.records
			.filter((record) => active.has(record.run.info.experiment_id) && record.run.info.lifecycle_stage === 'active')
			.map((record) => ({record, report: liveness(record, context.now)}))
			.filter(({report}) => report.state === 'stalled' || report.state === 'dead')
			.sort((a, b) => b.report.quietMs - a.report.quietMs);
		const running = inventory.counts.runs_by_status['RUNNING'] ?? 0;
		if (quiet.length === 0) {
			return {status: 'ok', message: running === 0 ? 'no run is RUNNING' : `${running} RUNNING ${running === 1 ? 'run is' : 'runs are'} writing`, fix: ''};
		}
		const dead = quiet.filter(({report}) => report.state === 'dead').length;
		const named = quiet.slice(0, 3).map(({record, report}) => `${sanitizeLine(record.run.info.run_name ?? record.run.info.run_id.slice(0, 8))} (quiet ${formatDuration(report.quietMs)})`);
		const more = quiet.length > 3 ? ` and ${quiet.length - 3} more` : '';
		const first = quiet[0]!.record.run.info.run_id;
		return {
			status: 'warn',
			message: `${quiet.length} RUNNING ${quiet.length === 1 ? 'run has' : 'runs have'} stopped writing${dead > 0 ? ` (${dead} for so long ${dead === 1 ? 'it is' : 'they are'} likely dead)` : ''}: ${named.join(', ')}${more}`,
			fix: `if the job is gone, close the run: python -c "import mlflow; mlflow.MlflowClient().set_terminated('${first}', 'KILLED')"`,
		};
	},
};
