// GenAI traces (2.13+), only counted by state: trace_info.status holds V2 statuses and
// later V3 states alike.

import type {TraceSummary} from '../types.js';
import type {SqliteConnection} from './connection.js';
import {experimentKeys} from './runs-query.js';
import type {Schema} from './schema.js';

export function traceSummary(connection: SqliteConnection, schema: Schema, experimentId: string): TraceSummary {
	const summary: TraceSummary = {total: 0, byState: {}};
	const [id] = experimentKeys([experimentId]);
	if (id === undefined || !schema.has('trace_info', 'experiment_id')) return summary;
	const state = schema.has('trace_info', 'status') ? "COALESCE(status, 'UNKNOWN')" : "'UNKNOWN'";
	for (const row of connection.all<{state: string; n: number}>(`SELECT ${state} AS state, count(*) AS n FROM trace_info WHERE experiment_id = ? GROUP BY 1`, [id])) {
		summary.byState[row.state] = row.n;
		summary.total += row.n;
	}
	return summary;
}
