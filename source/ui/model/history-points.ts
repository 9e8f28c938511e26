// A metric history as chart points, against step or time since the run started.

import type {Metric} from '../../store/types.js';
import {formatDuration} from '../../text/format.js';
import type {XAxis} from '../state/state.js';
import type {Point} from './chart-grid.js';

export function historyPoints(history: readonly Metric[], axis: XAxis, startTime?: number): Point[] {
	if (axis === 'step') return history.map((metric) => ({x: metric.step, y: metric.value}));
	const origin = startTime ?? Math.min(...history.map((metric) => metric.timestamp));
	return history.map((metric) => ({x: metric.timestamp - origin, y: metric.value}));
}

export function formatAxis(axis: XAxis): (x: number) => string {
	return axis === 'step' ? (x) => `step ${Math.round(x)}` : (x) => formatDuration(x) || '0s';
}
