// Without a terminal (a pipe, cron, CI) the UI must not start and leave a mess; it says
// what to use instead.

import {describe, expect, it} from 'vitest';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {runCli} from '../helpers/run-cli.js';

describe.skipIf(!hasCorpus)('mlwatch STORE without a terminal', () => {
	it('explains that the UI needs a terminal and points to the headless commands', () => {
		const result = runCli([corpusStore('jeffc05__learning_mlops')]);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/needs an interactive terminal/);
		expect(result.stderr).toMatch(/mlwatch experiments/);
		expect(result.stdout).toBe('');
	});

});
