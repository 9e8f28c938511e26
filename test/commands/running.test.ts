// A run that says RUNNING after its job died is flagged, in `mlwatch running` and beside
// the runs in `mlwatch runs --json` (runs themselves stay in MLflow's shape).

import {describe, expect, it} from 'vitest';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {runCli, runJson} from '../helpers/run-cli.js';

describe.skipIf(!hasCorpus)('running runs in the headless commands', () => {
	it('flags a run RUNNING since 2022 as probably dead, not alive because its files were copied recently', () => {
		const store = corpusStore('keimoriyama__Shinra2022');
		const output = runJson(['runs', '--store', store]);
		expect(output.liveness).toEqual({a00d448b2aae4e6f8ab979698633fca9: expect.objectContaining({state: 'dead'})});
		expect(Object.keys(output.runs[0].info)).not.toContain('liveness');
		const table = runCli(['running', '--store', store]);
		expect(table.status).toBe(0);
		expect(table.stdout).toMatch(/a00d448b2aae4e6f8ab979698633fca9\s+Default\s+dead\? \dy\d+d/);
	});

	it('lists only RUNNING runs across experiments, and omits liveness when none runs', () => {
		const store = corpusStore('ManuelS0usa__SML-Assets-Synthetic-Data');
		const running = runJson(['running', '--store', store]);
		expect(running.runs.map((run: any) => run.info.run_id)).toEqual(['dddf7376dc564d8ea08f76ffe481da22']);
		const finished = runJson(['runs', '--store', corpusStore('Dan-Irl__mlflow-testing')]);
		expect(finished.liveness).toBeUndefined();
	});
});
