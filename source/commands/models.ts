import type {Command} from './command.js';
import {printJson, reportProblems, storeFor, terminalWidth} from './output.js';
import {formatTime} from '../text/format.js';
import {renderTable} from '../text/text-table.js';

export const modelsCommand: Command = {
	name: 'models',
	usage: 'models [--store S] [--json]',
	summary: 'The model registry ({"registered_models": [...]} with --json, each with its versions)',
	async run(input) {
		const store = await storeFor(input);
		const models = await store.searchRegisteredModels();
		const problems = store.problems();
		if (input.flags.json) {
			printJson(input, {registered_models: models, problems});
		} else {
			const rows = models.flatMap((model) =>
				model.versions.map((version) => [model.name, version.version, version.current_stage, version.aliases.join(','), version.status, version.run_id ?? '', formatTime(version.creation_timestamp)]),
			);
			input.stdout.write(renderTable([{header: 'MODEL', shrinkable: true}, {header: 'VERSION', align: 'right'}, {header: 'STAGE'}, {header: 'ALIASES'}, {header: 'STATUS'}, {header: 'RUN ID'}, {header: 'CREATED'}], rows, terminalWidth(input)) + '\n');
			if (models.length === 0) input.stderr.write('mlwatch: the store has no registered models\n');
		}
		reportProblems(input, problems);
		return 0;
	},
};
