// A writer process tears at a store (half lines, truncated and rewritten metric files,
// meta.yaml rewritten in place in two pieces, tags rewritten, runs created and deleted)
// while mlwatch reads it in a loop, following it with its watcher. mlwatch must not crash,
// and must never show a value that was never written.

import {spawn} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {FileStore} from '../../source/store/file/file-store.js';
import type {RunRecord} from '../../source/store/run-record.js';
import {FsWatchSource} from '../../source/store/file/watch/fs-watch-source.js';
import {repoRoot} from '../helpers/paths.js';
import {sleep, tempStore, track} from './live-fixture.js';
import {getRecord, metricHistory, listRuns} from '../helpers/reads.js';

const START = 1790000000000;
const names = new Set(['alpha-run-one', 'beta-run-two', 'gamma-three']);
const phases = new Set(['warmup', 'train', 'evaluate-everything']);
const writerScript = join(repoRoot, 'test', 'live', 'fixtures', 'torn-writer.mjs');

/** Everything wrong with what the reader shows for one run; empty when all is as written. */
function tornValues(record: RunRecord): string[] {
	const wrong: string[] = [];
	const {info, data} = record.run;
	const id = info.run_id;
	if (!names.has(info.run_name ?? '')) wrong.push(`${id}: run_name ${JSON.stringify(info.run_name)}`);
	if (info.start_time !== START) wrong.push(`${id}: start_time ${info.start_time}`);
	if (info.user_id !== 'torn') wrong.push(`${id}: user_id ${JSON.stringify(info.user_id)}`);
	if (info.status !== 'RUNNING' && info.status !== 'FINISHED') wrong.push(`${id}: status ${info.status}`);
	if (info.status === 'FINISHED' && info.end_time !== START + 1000) wrong.push(`${id}: end_time ${info.end_time} for a finished run`);
	if (info.status === 'RUNNING' && info.end_time !== undefined) wrong.push(`${id}: end_time ${info.end_time} for a running run`);
	const phase = data.tags.find((tag) => tag.key === 'phase');
	if (phase && !phases.has(phase.value)) wrong.push(`${id}: tag phase ${JSON.stringify(phase.value)}`);
	for (const summary of Object.values(record.summaries)) {
		const {latest} = summary;
		if (latest.value !== latest.step / 8 + 7 || latest.timestamp !== START + latest.step) wrong.push(`${id}: ${summary.key} latest ${JSON.stringify(latest)}`);
		if (summary.min !== undefined && summary.min < 7) wrong.push(`${id}: ${summary.key} min ${summary.min}`);
		if (summary.sample.some((value) => !Number.isInteger((value - 7) * 8))) wrong.push(`${id}: ${summary.key} sample ${summary.sample}`);
	}
	return wrong;
}

describe('torn writes', () => {
	it('never crashes and never shows a value that was not written', {timeout: 60_000}, async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('torn', Date.now());
		const store = new FileStore(root);
		// As in the TUI: the store re-reads a run only when the watcher reports a change in it.
		const source = track(new FsWatchSource(root, {endedRunsEveryMs: 200}));
		let changes = 0;
		store.followWith(source).subscribe((change) => {
			changes += change.runs.length + change.experimentRuns.length;
		});
		await source.start();

		const child = spawn(process.execPath, [writerScript, root, experiment, '6000'], {stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
		let done = false;
		void exited.then(() => (done = true));

		const wrong = new Set<string>();
		let reads = 0;
		let runsSeen = 0;
		while (!done) {
			const records = await listRuns(store, experiment);
			runsSeen = Math.max(runsSeen, records.length);
			for (const record of records) for (const problem of tornValues(record)) wrong.add(problem);
			// Now and then a full history, as the chart reads it.
			const some = records[reads % Math.max(1, records.length)];
			if (some) {
				for (const point of await metricHistory(store, some.run.info.run_id, 'loss')) {
					if (point.value !== point.step / 8 + 7) wrong.add(`${some.run.info.run_id}: loss history point ${JSON.stringify(point)}`);
				}
			}
			reads++;
		}
		expect(await exited).toBe(0);
		expect(stderr).toBe('');
		expect(reads).toBeGreaterThan(50);
		expect(runsSeen).toBeGreaterThan(1);
		expect(changes).toBeGreaterThan(100);
		expect([...wrong].slice(0, 20)).toEqual([]);

		// Once the writer has stopped and the watcher has caught up, the reader that followed
		// it agrees exactly with a fresh read of the files.
		const brief = (records: RunRecord[]) => Object.fromEntries(records.map((r) => [r.run.info.run_id.slice(0, 6), `${r.run.info.status} ${r.run.info.run_name} ${r.run.data.metrics.map((m) => `${m.key}@${m.step}`).join(',')} tags=${r.run.data.tags.map((t) => t.value).join(',')}`]));
		let fresh: RunRecord[] = [];
		let followed: RunRecord[] = [];
		// A slow machine may take a while to deliver the last events.
		for (const started = Date.now(); Date.now() - started < 5000; ) {
			await sleep(200);
			fresh = await listRuns(new FileStore(root), experiment);
			followed = await listRuns(store, experiment);
			if (JSON.stringify(brief(followed)) === JSON.stringify(brief(fresh))) break;
		}
		expect(brief(followed)).toEqual(brief(fresh));
		const view = (records: RunRecord[]) => records.map((record) => [record.run.info, record.run.data.metrics, record.run.data.tags]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
		expect(view(followed)).toEqual(view(fresh));
	});
});

describe('half-written files, one at a time', () => {
	it('keeps the last complete meta.yaml while a rewrite is half done', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		const run = writer.createRun(experiment, {runName: 'steady-name', startTime: 1790000000000});
		const store = new FileStore(root);
		expect((await getRecord(store, run.runId))?.run.info).toMatchObject({run_name: 'steady-name', status: 'RUNNING'});
		const metaPath = join(run.dir, 'meta.yaml');
		const whole = readFileSync(metaPath, 'utf8').replace('status: 1', 'status: 3').replace('end_time: null', 'end_time: 1790000009000');
		// Cut inside the run name, then cut at a line end before `status`.
		for (const cut of [whole.indexOf('steady-name') + 4, whole.indexOf('start_time')]) {
			writeFileSync(metaPath, whole.slice(0, cut));
			const shown = (await getRecord(store, run.runId))?.run.info;
			expect(shown).toMatchObject({run_name: 'steady-name', status: 'RUNNING', start_time: 1790000000000});
		}
		writeFileSync(metaPath, whole);
		expect((await getRecord(store, run.runId))?.run.info).toMatchObject({run_name: 'steady-name', status: 'FINISHED', end_time: 1790000009000});
	});

	it('reads a metric file again from the start when it was truncated and rewritten longer', async () => {
		const {root, writer} = tempStore();
		const experiment = writer.createExperiment('exp', Date.now());
		const run = writer.createRun(experiment, {runName: 'rewritten', startTime: Date.now()});
		const path = join(run.dir, 'metrics', 'loss');
		writeFileSync(path, '1790000000000 1.5 0\n1790000000001 1.25 1\n');
		const store = new FileStore(root);
		expect((await getRecord(store, run.runId))?.summaries['loss']).toMatchObject({count: 2, latest: {value: 1.25, step: 1}});
		// Same length up to the old end, different bytes: continuing at the old offset
		// would start in the middle of a line.
		writeFileSync(path, '1790000000000 9.5 0\n1790000000001 9.25 1\n1790000000002 9.125 2\n');
		const summary = (await getRecord(store, run.runId))?.summaries['loss'];
		expect(summary).toMatchObject({count: 3, min: 9.125, max: 9.5, latest: {value: 9.125, step: 2}});
	});
});
