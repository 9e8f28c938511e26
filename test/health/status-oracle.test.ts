// `mlwatch status --json` counts against REAL MLflow's own counts (MlflowClient
// search_experiments / search_runs through scripts/oracle/dump.py, on a copy), for the
// scenario store and every corpus store, with MLflow 3.1.4 and the newest installable 3.x.

import {existsSync, readdirSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {dumpMlflowBatch, prepareOracle, removeScenarios, type MlflowVersion, type Oracle} from '../helpers/mlflow-oracle.js';
import {corpusRoot, corpusStore, hasCorpus} from '../helpers/paths.js';
import {runJson} from '../helpers/run-cli.js';

const minutes = 60_000;

interface WireRun {
	info: {status: string};
	data?: {metrics?: Array<{key: string}>; params?: Array<{key: string}>};
}

/** What the status report should say, computed from MLflow's answers. */
function mlflowCounts(store: string, version: MlflowVersion) {
	const everyExperiment = (runJson(['experiments', '--store', store, '--all']).experiments ?? []) as Array<{experiment_id: string; lifecycle_stage: string}>;
	const deletedIds = everyExperiment.filter((experiment) => experiment.lifecycle_stage === 'deleted').map((experiment) => experiment.experiment_id);
	const [active, all, activeRuns, allRuns, ...inDeleted] = dumpMlflowBatch(version, store, [
		['experiments'],
		['experiments', '--all'],
		['runs'],
		['runs', '--all'],
		...deletedIds.map((id) => ['runs', '--experiment', id, '--all']),
	]);
	const runs = (activeRuns.runs ?? []) as WireRun[];
	const byStatus: Record<string, number> = {};
	for (const run of runs) byStatus[run.info.status] = (byStatus[run.info.status] ?? 0) + 1;
	const keys = (pick: (run: WireRun) => Array<{key: string}> | undefined) => [...new Set(runs.flatMap((run) => (pick(run) ?? []).map((entry) => entry.key)))].sort();
	return {
		counts: {
			experiments: (active.experiments ?? []).length,
			runs: runs.length,
			deleted_experiments: (all.experiments ?? []).length - (active.experiments ?? []).length,
			deleted_runs: (allRuns.runs ?? []).length - runs.length,
			runs_in_deleted_experiments: inDeleted.reduce((sum: number, answer: {runs?: unknown[]}) => sum + (answer.runs ?? []).length, 0),
			runs_by_status: byStatus,
		},
		metrics: keys((run) => run.data?.metrics),
		params: keys((run) => run.data?.params),
	};
}

function statusOf(store: string) {
	const report = runJson(['status', '--store', store]);
	return {counts: report.counts, metrics: report.metrics, params: report.params};
}

describe.each(['3.1.4', 'latest'] as MlflowVersion[])('status counts against real MLflow %s', (version) => {
	let oracle: Oracle;

	beforeAll(async () => {
		oracle = await prepareOracle(version);
	}, 30 * minutes);

	afterAll(() => removeScenarios());

	it('on the scenario store MLflow wrote', (context) => {
		if (!oracle.available) return context.skip(oracle.reason);
		const expected = mlflowCounts(oracle.store, version);
		expect(expected.counts.runs).toBeGreaterThan(5);
		expect(expected.counts.deleted_experiments).toBeGreaterThan(0);
		expect(statusOf(oracle.store)).toEqual(expected);
	}, 10 * minutes);

	const entries = hasCorpus ? readdirSync(corpusRoot).filter((name) => existsSync(corpusStore(name))) : [];
	it.for(entries)('on corpus store %s', {timeout: 10 * minutes}, (entry, context) => {
		if (!oracle.available) return context.skip(oracle.reason);
		const store = corpusStore(entry);
		expect(statusOf(store)).toEqual(mlflowCounts(store, version));
	});
});
