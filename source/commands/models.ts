import {FLAG, flagWith} from '../cli-flags.js';
import type {Command} from './command.js';
import {checkOneFormat, printJson, printTable, reportProblems, storeFor} from './output.js';
import {toCsv} from './runs-csv.js';
import {formatTime, isoTime} from '../text/format.js';

export const modelsCommand: Command = {
	name: 'models',
	args: [],
	takesStore: true,
	flags: [FLAG.store, FLAG.noCache, FLAG.json, flagWith(FLAG.csv, 'print CSV, one row per model version'), FLAG.wide, FLAG.problems],
	summary: 'The model registry ({"registered_models": [...]} with --json, each with its versions)',
	examples: ['mlwatch models path/to/project', 'mlwatch models --json'],
	async run(input) {
		checkOneFormat(input);
		const store = await storeFor(input);
		const models = await store.searchRegisteredModels();
		const problems = store.problems();
		const versions = models.flatMap((model) => model.versions.map((version) => ({model, version})));
		if (input.flags.json) {
			printJson(input, {registered_models: models, problems});
		} else if (input.flags.csv) {
			input.stdout.write(
				toCsv(
					['name', 'version', 'current_stage', 'aliases', 'status', 'run_id', 'source', 'creation_timestamp'],
					versions.map(({model, version}) => [model.name, version.version, version.current_stage, version.aliases.join(','), version.status, version.run_id, version.source, isoTime(version.creation_timestamp)]),
				),
			);
		} else {
			const rows = versions.map(({model, version}) => [model.name, version.version, version.current_stage, version.aliases.join(','), version.status, version.run_id ?? '', formatTime(version.creation_timestamp)]);
			printTable(
				input,
				[{header: 'MODEL', shrinkable: true}, {header: 'VERSION', align: 'right'}, {header: 'STAGE', drop: 2}, {header: 'ALIASES', shrinkable: true, drop: 1}, {header: 'STATUS', drop: 3}, {header: 'RUN ID', id: true}, {header: 'CREATED', drop: 4}],
				rows,
			);
			if (models.length === 0) input.stderr.write('mlwatch: the store has no registered models\n');
		}
		reportProblems(input, problems);
		return 0;
	},
};
