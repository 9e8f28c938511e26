// Without the corpus of real stores, a test run says at its end what it skipped and why.

import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../helpers/paths.js';

describe('a test run without the corpus', () => {
	it('ends naming the files it skipped and why', () => {
		const env: NodeJS.ProcessEnv = {...process.env, MLWATCH_CORPUS: join(repoRoot, 'no-such-corpus'), NO_COLOR: '1'};
		delete env['MLWATCH_REQUIRE_CORPUS'];
		delete env['VITEST'];
		delete env['VITEST_WORKER_ID'];
		delete env['VITEST_POOL_ID'];
		const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/commands/running.test.ts'], {cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000});
		expect(result.status, result.stderr).toBe(0);
		const last = result.stdout.trimEnd().split('\n').pop();
		expect(last).toBe(` SKIPPED 2 tests in 1 file: they read the corpus of real stores, which is not at ${join(repoRoot, 'no-such-corpus')} (put it there or set MLWATCH_CORPUS): test/commands/running.test.ts`);
	});
});
