// The rows of the run detail's sections, shared by the view and the key handler (which
// needs to know what the cursor is on).

import type {RunRecord} from '../../store/run-record.js';
import type {KeyValue, MetricSummary} from '../../store/types.js';

export function detailMetrics(record: RunRecord | undefined): MetricSummary[] {
	if (!record) return [];
	return Object.values(record.summaries).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function detailParams(record: RunRecord | undefined): KeyValue[] {
	return record ? [...record.run.data.params].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : [];
}

/** Tags, with MLflow's own (`mlflow.*`) hidden unless asked for. */
export function detailTags(record: RunRecord | undefined, showSystem: boolean): KeyValue[] {
	if (!record) return [];
	return record.run.data.tags.filter((tag) => showSystem || !tag.key.startsWith('mlflow.')).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function systemTagCount(record: RunRecord | undefined): number {
	return record ? record.run.data.tags.filter((tag) => tag.key.startsWith('mlflow.')).length : 0;
}
