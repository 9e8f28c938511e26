import {existsSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** What `bin` runs and the package ships (npm test builds it first): tests run what users run. */
export const cliPath = join(repoRoot, 'dist', 'mlwatch.js');
/** Real stores copied from public projects, beside the checkout (MLWATCH_CORPUS names another place). */
export const corpusRoot = process.env['MLWATCH_CORPUS'] ? resolve(process.env['MLWATCH_CORPUS']) : resolve(repoRoot, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(corpusRoot);

// MLWATCH_REQUIRE_CORPUS=1 (.ci/run sets it): a missing corpus fails the run instead of
// skipping the tests that read it. Without it, test/setup/skip-report.ts names what was skipped.
if (!hasCorpus && process.env['MLWATCH_REQUIRE_CORPUS'] === '1') {
	throw new Error(`the corpus of real stores is missing at ${corpusRoot}, and MLWATCH_REQUIRE_CORPUS=1 says the tests that read it must run`);
}

/** The mlruns folder of a corpus entry, read in place (never copied into the project). */
export function corpusStore(entry: string): string {
	return join(corpusRoot, entry, 'mlruns');
}
