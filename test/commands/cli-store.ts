// A store in MLflow's file format for the CLI tests: enough runs that --json passes
// 64 KB, a metric with 5000 points, names with emoji and CJK, two run ids that share
// their first characters, and times no JavaScript date can hold.

import {runMeta, tempStore, writeExperiment, writeRun} from '../helpers/store-builder.js';

export const EXP_META = (id: string, name: string) =>
	`artifact_location: file:///x/mlruns/${id}\ncreation_time: 1700000000000\nexperiment_id: '${id}'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: ${name}\n`;

export const HISTORY_RUN = '5eed0000000000000000000000000001';
export const AMBIGUOUS = ['abcd0001000000000000000000000000', 'abcd0002000000000000000000000000'] as const;
export const FAR_FUTURE_RUN = 'f0f0000000000000000000000000f0f0';
export const WIDE_NAMES = ['🚀 rocket', '✅ done', '⚡ fast', '👨‍👩‍👧‍👦 family', '中文名字', 'plain'];
export const FILLER = 250;

const hex = (n: number) => n.toString(16).padStart(32, '0');

export interface CliStore {
	root: string;
	wideIds: string[];
}

export function writeCliStore(): CliStore {
	const root = tempStore();
	const main = writeExperiment(root, '1', EXP_META('1', 'cli-tests'));
	const history = Array.from({length: 5000}, (_, step) => `${1700000000000 + step * 1000} ${1 / (step + 1)} ${step}`).join('\n') + '\n';
	writeRun(main, HISTORY_RUN, {meta: runMeta({runId: HISTORY_RUN, experimentId: '1', name: 'history-run', end: 1700005000000}), metrics: {loss: history}, params: {lr: '0.01'}});
	for (const id of AMBIGUOUS) writeRun(main, id, {meta: runMeta({runId: id, experimentId: '1', name: `twin-${id.slice(7, 8)}`, end: 1700000060000}), metrics: {loss: '1700000000000 0.5 0\n'}});
	const wideIds = WIDE_NAMES.map((name, index) => {
		const id = `77${hex(index).slice(2)}`;
		// Four years and 45 days long: a duration that once printed as 4y045d.
		writeRun(main, id, {meta: runMeta({runId: id, experimentId: '1', name: JSON.stringify(name), end: 1700000000000 + (4 * 365 + 45) * 86_400_000}), metrics: {loss: `1700000000000 ${index} 0\n`}});
		return id;
	});
	const filler = writeExperiment(root, '2', EXP_META('2', 'filler'));
	for (let index = 0; index < FILLER; index++) {
		const id = `11${hex(index).slice(2)}`;
		writeRun(filler, id, {meta: runMeta({runId: id, experimentId: '2', name: `filler-${index}`, end: 1700000060000}), metrics: {accuracy: `1700000000000 0.${index} 0\n`}, params: {seed: String(index)}});
	}
	const odd = writeExperiment(root, '3', EXP_META('3', 'odd-times'));
	writeRun(odd, FAR_FUTURE_RUN, {meta: runMeta({runId: FAR_FUTURE_RUN, experimentId: '3', name: 'far-future', start: 99999999999999999, end: 8640000000000001})});
	return {root, wideIds};
}
