import type {Command} from './command.js';
import {printJson, reportProblems, storeFor, terminalWidth} from './output.js';
import {allExperiments} from '../store/queries.js';
import {formatTime} from '../text/format.js';
import {renderTable} from '../text/text-table.js';

export const experimentsCommand: Command = {
	name: 'experiments',
	usage: 'experiments [--store S] [--all] [--json]',
	summary: 'List experiments ({"experiments": [...]} with --json); --all adds deleted ones',
	async run(input) {
		const store = await storeFor(input);
		const experiments = await allExperiments(store, input.flags.all ? 'ALL' : 'ACTIVE_ONLY');
		const problems = store.problems();
		if (input.flags.json) {
			printJson(input, {experiments, problems});
		} else {
			const columns = [
				{header: 'ID'},
				{header: 'NAME', shrinkable: true},
				...(input.flags.all ? [{header: 'STAGE'}] : []),
				{header: 'CREATED'},
				{header: 'ARTIFACT LOCATION', shrinkable: true},
			];
			const rows = experiments.map((experiment) => [
				experiment.experiment_id,
				experiment.name,
				...(input.flags.all ? [experiment.lifecycle_stage] : []),
				formatTime(experiment.creation_time),
				experiment.artifact_location,
			]);
			input.stdout.write(renderTable(columns, rows, terminalWidth(input)) + '\n');
		}
		reportProblems(input, problems);
		return 0;
	},
};
