import {existsSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = join(repoRoot, 'dist', 'cli.js');
export const corpusRoot = resolve(repoRoot, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(corpusRoot);

/** The mlruns folder of a corpus entry, read in place (never copied into the project). */
export function corpusStore(entry: string): string {
	return join(corpusRoot, entry, 'mlruns');
}
