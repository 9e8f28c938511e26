// Run ids may be shortened wherever one is taken, as git takes short hashes: the
// 8 characters the terminal UI and the tables show are enough.

import {beforeAll, describe, expect, it} from 'vitest';
import {runCli, runJson} from '../helpers/run-cli.js';
import {AMBIGUOUS, HISTORY_RUN, writeCliStore, type CliStore} from './cli-store.js';

let store: CliStore;
beforeAll(() => {
	store = writeCliStore();
});

describe('short run ids', () => {
	it('finds the run from the first characters of its id, as the full id does', () => {
		for (const id of [HISTORY_RUN, HISTORY_RUN.slice(0, 8), HISTORY_RUN.slice(0, 4)]) {
			expect(runJson(['run', store.root, id]).run.info.run_id, id).toBe(HISTORY_RUN);
			expect(runJson(['history', store.root, id, 'loss']).metrics, id).toHaveLength(5000);
		}
		expect(runCli(['run', store.root, HISTORY_RUN.slice(0, 8)]).stdout).toContain(`history-run  ${HISTORY_RUN}`);
		expect(runCli(['history', store.root, HISTORY_RUN.slice(0, 8), 'loss', '--csv']).stdout.split('\n')[1]).toBe('0,1,1700000000000');
	});

	it('names the runs an ambiguous prefix matches and asks for more', () => {
		for (const args of [['run', store.root, 'abcd'], ['history', store.root, 'abcd', 'loss']]) {
			const result = runCli(args);
			expect(result.status, args.join(' ')).toBe(1);
			expect(result.stderr).toContain("'abcd' is the start of 2 run ids");
			for (const id of AMBIGUOUS) expect(result.stderr).toContain(id);
			expect(result.stderr).toContain('give more characters');
		}
		expect(runJson(['run', store.root, AMBIGUOUS[1].slice(0, 8)]).run.info.run_id).toBe(AMBIGUOUS[1]);
	});

	it('says so when nothing matches', () => {
		for (const args of [['run', store.root, 'deadbeef'], ['history', store.root, 'deadbeef', 'loss']]) {
			const result = runCli(args);
			expect(result.status).toBe(1);
			expect(result.stderr).toBe("mlwatch: No run with id 'deadbeef', nor one starting with it.\n");
		}
		expect(runCli(['run', store.root, 'abc'])).toMatchObject({status: 1, stderr: "mlwatch: No run with id 'abc'.\n"});
	});
});
