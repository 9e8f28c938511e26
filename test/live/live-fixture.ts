// Temporary stores written the way MLflow writes them (through the demo's writer), and a
// way to wait for what a change source reports.

import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach} from 'vitest';
import {idSource, MlflowFileWriter, seededRandom} from '../../source/demo/mlflow-writer.js';
import type {ChangeSource} from '../../source/store/file/watch/change-source.js';

const made: string[] = [];
const sources: ChangeSource[] = [];

afterEach(async () => {
	await Promise.all(sources.splice(0).map((source) => source.close()));
	for (const dir of made.splice(0)) rmSync(dir, {recursive: true, force: true});
});

export function tempStore(seed = 1): {root: string; writer: MlflowFileWriter} {
	const parent = mkdtempSync(join(tmpdir(), 'mlwatch-live-'));
	made.push(parent);
	const root = join(parent, 'mlruns');
	const writer = new MlflowFileWriter(root, idSource(seededRandom(seed)));
	writer.createStoreFolder(Date.now());
	return {root, writer};
}

/** Closed after the test. */
export function track<T extends ChangeSource>(source: T): T {
	sources.push(source);
	return source;
}

/** Every path a source reports, and a way to wait until one matches. */
export function recorder(source: ChangeSource) {
	const seen: string[] = [];
	const waiters: Array<{test: (path: string) => boolean; resolve: () => void}> = [];
	source.subscribe((paths) => {
		seen.push(...paths);
		for (const waiter of [...waiters]) {
			if (paths.some(waiter.test)) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve();
			}
		}
	});
	return {
		seen,
		clear: () => seen.splice(0),
		/** Resolves with the ms it took for a matching path to be reported; rejects after `timeoutMs`. */
		waitFor(test: (path: string) => boolean, timeoutMs = 5000): Promise<number> {
			const started = performance.now();
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`nothing matching was reported within ${timeoutMs} ms; saw ${JSON.stringify(seen.slice(-10))}`)), timeoutMs);
				waiters.push({
					test,
					resolve: () => {
						clearTimeout(timer);
						resolve(performance.now() - started);
					},
				});
			});
		},
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (a slow machine takes longer to deliver events), at most `ms`. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
	const started = Date.now();
	while (!check() && Date.now() - started < ms) await sleep(20);
}
