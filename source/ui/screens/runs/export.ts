// The runs table as `e` writes it: the rows on screen (searched or filtered, sorted, in
// their tree order), the same metrics and varying params, with full values; columns
// named as mlflow.search_runs names them.

import type {ExportTable, ExportValue} from '../../export/export-table.js';
import {latestValue, paramValue, parentRunId, runDuration, runName} from '../../model/run-label.js';
import type {RunsModel} from './use-runs-model.js';

export function runsExport(model: RunsModel): ExportTable | undefined {
	const {view, experiment} = model;
	if (!experiment || view.rows.length === 0) return undefined;
	const metrics = view.primaryMetric === undefined ? view.metricKeys : [view.primaryMetric, ...view.metricKeys.filter((key) => key !== view.primaryMetric)];
	const columns = ['run_id', 'run_name', 'status', 'parent_run_id', 'start_time', 'duration_s', ...metrics.map((key) => `metrics.${key}`), ...view.varyingParams.map((key) => `params.${key}`)];
	const rows = view.rows.map((row): ExportValue[] => {
		const {run} = row.record;
		const duration = runDuration(run, model.now);
		return [
			run.info.run_id,
			runName(run),
			run.info.status,
			parentRunId(run),
			run.info.start_time === undefined ? undefined : new Date(run.info.start_time).toISOString(),
			duration === undefined ? undefined : duration / 1000,
			...metrics.map((key) => latestValue(row.record, key)),
			...view.varyingParams.map((key) => paramValue(run, key)),
		];
	});
	return {title: `runs of ${experiment.name}${model.search ? ` (${model.search})` : ''}`, kind: 'runs', subject: `${experiment.name} ${model.search}`, columns, rows};
}
