// `mlwatch demo` from the command line: writing the demo store, and refusing what would
// write into someone's folder or needs a terminal it does not have.

import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runCli, runJson} from '../helpers/run-cli.js';
import {hashTree} from '../helpers/tree-hash.js';

const parent = mkdtempSync(join(tmpdir(), 'mlwatch-demo-cli-'));
afterAll(() => rmSync(parent, {recursive: true, force: true}));

describe('mlwatch demo', () => {
	it('writes the demo store into a new folder with --json, and says what is in it', () => {
		const dir = join(parent, 'fresh');
		const written = runJson(['demo', dir]);
		expect(written.store).toBe(dir);
		expect(written.experiments.map((experiment: any) => experiment.name)).toEqual(['demo-classifier', 'demo-sweep']);
		const roles = written.runs.map((run: any) => run.role).sort();
		expect(roles).toEqual(['dead', 'failed', 'failing', 'finished', 'finished', 'live', 'stalled', 'sweep-child', 'sweep-child', 'sweep-child', 'sweep-child', 'sweep-parent']);

		const read = runJson(['runs', '--store', dir]);
		expect(read.problems ?? []).toEqual([]);
		expect(read.runs).toHaveLength(12);
		const sweepChild = read.runs.find((run: any) => run.info.run_name === 'lr-sweep-2');
		const param = (key: string) => sweepChild.data.params.find((entry: any) => entry.key === key)?.value;
		expect([param('model/optimizer/lr'), param('model/optimizer/name'), param('data/batch_size')]).toEqual(['0.001', 'adam', '64']);
		const parentId = read.runs.find((run: any) => run.info.run_name === 'lr-sweep').info.run_id;
		expect(sweepChild.data.tags).toContainEqual({key: 'mlflow.parentRunId', value: parentId});
		const failed = read.runs.find((run: any) => run.info.run_name === 'lr-too-high');
		expect(failed.info.status).toBe('FAILED');
		expect(failed.data.metrics.find((metric: any) => metric.key === 'loss').value).toBe('NaN');
	});

	it('only ever writes into a new or empty folder', () => {
		const empty = join(parent, 'empty');
		mkdirSync(empty);
		expect(runCli(['demo', empty, '--json']).status).toBe(0);

		const taken = join(parent, 'taken');
		mkdirSync(taken);
		writeFileSync(join(taken, 'notes.txt'), 'mine');
		const before = hashTree(taken);
		const refused = runCli(['demo', taken, '--json']);
		expect(refused.status).toBe(2);
		expect(refused.stderr).toMatch(/already exists and is not an empty folder/);
		expect(hashTree(taken)).toBe(before);
		expect(readdirSync(taken)).toEqual(['notes.txt']);
	});

	it('explains itself instead of failing when it cannot open the TUI', () => {
		const noDir = runCli(['demo', '--json']);
		expect(noDir.status).toBe(2);
		expect(noDir.stderr).toMatch(/mlwatch demo DIR --json/);
		const noTerminal = runCli(['demo']);
		expect(noTerminal.status).toBe(2);
		expect(noTerminal.stderr).toMatch(/needs a terminal.*mlwatch demo DIR --json/);
		expect(runCli(['demo', 'a', 'b']).status).toBe(2);
	});
});
