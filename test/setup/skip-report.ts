// A vitest reporter: when the corpus of real stores is missing, the run ends with one
// line naming the test files that skipped because of it, so a partial run never passes
// for a full one. (.ci/run requires the corpus.)

import {readFileSync} from 'node:fs';
import {relative} from 'node:path';
import type {Reporter, TestModule} from 'vitest/node';
import {corpusRoot, hasCorpus, repoRoot} from '../helpers/paths.js';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export default class SkipReport implements Reporter {
	onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
		if (hasCorpus) return;
		let tests = 0;
		const files: string[] = [];
		for (const module of modules) {
			let source = '';
			try {
				source = readFileSync(module.moduleId, 'utf8');
			} catch {
				continue;
			}
			if (!source.includes('hasCorpus')) continue;
			const skipped = [...module.children.allTests()].filter((test) => test.result().state === 'skipped').length;
			if (skipped === 0 && module.state() !== 'skipped') continue;
			tests += skipped;
			files.push(relative(repoRoot, module.moduleId));
		}
		if (files.length === 0) return;
		process.stdout.write(
			`\n SKIPPED ${plural(tests, 'test')} in ${plural(files.length, 'file')}: they read the corpus of real stores, which is not at ${corpusRoot} (put it there or set MLWATCH_CORPUS): ${files.join(', ')}\n\n`,
		);
	}
}
