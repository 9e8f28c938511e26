import {FLAG, flagWith} from '../cli-flags.js';
import type {Command} from './command.js';
import {checkOneFormat, printJson, printTable, reportProblems, storeFor} from './output.js';
import {toCsv} from './runs-csv.js';
import {allExperiments} from '../store/queries.js';
import {formatTime, isoTime} from '../text/format.js';

export const experimentsCommand: Command = {
	name: 'experiments',
	args: [],
	takesStore: true,
	flags: [FLAG.store, FLAG.noCache, flagWith(FLAG.all, 'include deleted experiments (also those in .trash/)'), FLAG.json, flagWith(FLAG.csv, 'print CSV, one row per experiment'), FLAG.wide, FLAG.problems],
	summary: 'List experiments ({"experiments": [...]} with --json); --all adds deleted ones',
	examples: ['mlwatch experiments path/to/project', 'mlwatch experiments --all --json'],
	async run(input) {
		checkOneFormat(input);
		const store = await storeFor(input);
		const experiments = await allExperiments(store, input.flags.all ? 'ALL' : 'ACTIVE_ONLY');
		const problems = store.problems();
		if (input.flags.json) {
			printJson(input, {experiments, problems});
		} else if (input.flags.csv) {
			input.stdout.write(
				toCsv(
					['experiment_id', 'name', 'lifecycle_stage', 'creation_time', 'last_update_time', 'artifact_location'],
					experiments.map((experiment) => [experiment.experiment_id, experiment.name, experiment.lifecycle_stage, isoTime(experiment.creation_time), isoTime(experiment.last_update_time), experiment.artifact_location]),
				),
			);
		} else {
			const columns = [
				{header: 'ID'},
				{header: 'NAME', shrinkable: true},
				...(input.flags.all ? [{header: 'STAGE'}] : []),
				{header: 'CREATED', drop: 1},
				{header: 'ARTIFACT LOCATION', shrinkable: true, drop: 2},
			];
			const rows = experiments.map((experiment) => [
				experiment.experiment_id,
				experiment.name,
				...(input.flags.all ? [experiment.lifecycle_stage] : []),
				formatTime(experiment.creation_time),
				experiment.artifact_location,
			]);
			printTable(input, columns, rows);
		}
		reportProblems(input, problems);
		return 0;
	},
};
