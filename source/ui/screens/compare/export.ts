// The comparison as `e` writes it: one column per run, one row per key, the params as
// shown (only the differing ones unless d), full values.

import type {ExportTable, ExportValue} from '../../export/export-table.js';
import {distinctLabels, runId, runLabel} from '../../model/run-label.js';
import type {CompareModel} from './use-compare-model.js';

export function compareExport(model: CompareModel): ExportTable | undefined {
	const {records, table} = model;
	if (records.length < 2) return undefined;
	const labels = distinctLabels(records);
	const columns = ['section', 'key', ...records.map((record) => labels.get(runId(record.run)) ?? runLabel(record.run))];
	const rows: ExportValue[][] = [['run', 'run_id', ...records.map((record) => runId(record.run))]];
	const sections = {info: 'run', metric: 'metrics', param: 'params'} as const;
	for (const row of table.rows) if (row.kind !== 'section') rows.push([sections[row.kind], row.key, ...row.values]);
	return {title: `comparison of ${records.length} runs${model.diffOnly ? ' (params that differ)' : ''}`, kind: 'compare', subject: `${records.length} runs`, columns, rows};
}
