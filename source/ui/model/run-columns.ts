// Which metrics and params earn a column in the runs table: the metrics most runs log,
// and only the params whose values differ between runs (constant ones say nothing).

import type {RunRecord} from '../../store/run-record.js';

const QUALITY = /(^|[^a-z])(val|valid|eval|test)|acc|loss|rmse|mse|mae|f1|map|auc|score|precision|recall|r2|error/i;
const PLUMBING = /(^|[/._-])(lr|learning_?rate|epoch|step|time|system)([/._-]|$)|^system\//i;

/** Among metrics that equally many runs log, model quality first and learning rates last. */
function interest(key: string): number {
	if (PLUMBING.test(key)) return 2;
	return QUALITY.test(key) ? 0 : 1;
}

/** Every metric key, the ones most runs have first, then by name. */
export function metricKeysByUse(records: readonly RunRecord[]): string[] {
	const counts = new Map<string, number>();
	for (const record of records) {
		for (const key of Object.keys(record.summaries)) counts.set(key, (counts.get(key) ?? 0) + 1);
		for (const metric of record.run.data.metrics) if (!(metric.key in record.summaries)) counts.set(metric.key, (counts.get(metric.key) ?? 0) + 1);
	}
	return [...counts.entries()].sort((a, b) => b[1] - a[1] || interest(a[0]) - interest(b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([key]) => key);
}

export function paramKeys(records: readonly RunRecord[]): string[] {
	const keys = new Set<string>();
	for (const record of records) for (const param of record.run.data.params) keys.add(param.key);
	return [...keys].sort();
}

/** Params whose value is not the same in every run (a run lacking the param counts as different). */
export function varyingParamKeys(records: readonly RunRecord[]): string[] {
	if (records.length < 2) return [];
	return paramKeys(records).filter((key) => {
		const values = new Set(records.map((record) => record.run.data.params.find((param) => param.key === key)?.value));
		return values.size > 1;
	});
}
