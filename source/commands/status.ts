// `mlwatch status`: the health check on the command line, as a checklist or JSON, with
// an exit code CI can use (1 when a check fails).

import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {storeAround} from '../store/choose-store.js';
import {exitCodeOf, runHealthChecks} from '../health/engine.js';
import {renderHealthText} from '../health/render-text.js';
import type {HealthReport} from '../health/types.js';
import {escapeJsonForTerminal} from '../text/sanitize.js';
import {FLAG, flagWith} from '../cli-flags.js';
import {UsageError, type Command, type CommandInput} from './command.js';

export const DEFAULT_REPORT = 'reports/mlflow_status_report.json';

function reportJson(report: HealthReport): string {
	return JSON.stringify(report, null, 2);
}

function writeReport(input: CommandInput, value: string, report: HealthReport): string {
	const file = resolve(input.cwd, value === '' ? DEFAULT_REPORT : value);
	// Through links too, and any store the file would land in, not only the one checked.
	const store = storeAround(file, report.store ? {kind: report.store.kind, uri: report.store.uri, label: report.store.path, localPath: report.store.path} : undefined);
	if (store !== undefined) {
		throw new UsageError(`--report ${value || DEFAULT_REPORT} would be written inside the store ${store}; mlwatch never writes there. Choose a file outside it, e.g. --report ~/mlflow_status_report.json.`);
	}
	try {
		mkdirSync(dirname(file), {recursive: true});
		writeFileSync(file, reportJson(report) + '\n');
	} catch (error) {
		throw new UsageError(`cannot write the report to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	return file;
}

export const statusCommand: Command = {
	name: 'status',
	args: [],
	takesStore: true,
	flags: [
		FLAG.store,
		flagWith(FLAG.json, 'print the report as JSON'),
		flagWith(FLAG.report, `also write the JSON report to FILE (${DEFAULT_REPORT} alone); never inside the store`),
		FLAG.mlflow,
		flagWith(FLAG.port, 'check that this port is free for the web UI (5000)'),
		FLAG.ascii,
	],
	summary: `Health check: MLflow, the store, counts, keys and what could go wrong (exit 1 if a check fails; --report writes ${DEFAULT_REPORT})`,
	examples: ['mlwatch status path/to/project', 'mlwatch status --json --report'],
	async run(input) {
		const port = input.flags['port'];
		const report = await runHealthChecks({
			store: input.flags.store,
			mlflow: input.flags['mlflow'] as string | undefined,
			env: input.env,
			cwd: input.cwd,
			port: port as number | undefined,
		});
		const reportFlag = input.flags['report'] as string | undefined;
		const written = reportFlag === undefined ? undefined : writeReport(input, reportFlag, report);
		if (input.flags.json) {
			input.stdout.write(escapeJsonForTerminal(reportJson(report)) + '\n');
		} else {
			const color = Boolean(input.stdout.isTTY) && !input.env['NO_COLOR'] && input.env['TERM'] !== 'dumb';
			input.stdout.write(renderHealthText(report, {ascii: Boolean(input.flags['ascii']), color, width: input.stdout.isTTY ? (input.stdout.columns ?? 100) : 100}));
		}
		if (written) input.stderr.write(`mlwatch: report written to ${written}\n`);
		return exitCodeOf(report);
	},
};
