// The comparison's part of the UI state. The row cursor is state.cursors.compare (by
// row key, so toggling diff-only keeps it on its row); the column is the run.

import type {Direction} from '../../model/metric-direction.js';
import type {XAxis} from '../detail/state.js';

export interface CompareSlice {
	column: number;
	diffOnly: boolean;
	baselineId?: string;
	directions: Record<string, Direction>;
	view: 'table' | 'chart';
	chartMetric?: string;
	xAxis: XAxis;
}

export const initialCompare: CompareSlice = {column: 0, diffOnly: true, directions: {}, view: 'table', xAxis: 'step'};
