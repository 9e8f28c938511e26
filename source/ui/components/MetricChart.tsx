// A line chart (asciichart) of one metric for one or more runs, one colour per run. With
// NO_COLOR and several runs, each run's line is drawn with its number instead.

import {Box, Text} from 'ink';
import React from 'react';
import {truncate} from '../../text/width.js';
import {renderChart, type Point} from '../model/chart-grid.js';
import {seriesLabel, useTheme} from '../theme.js';

interface Props {
	series: Point[][];
	width: number;
	height: number;
	formatX: (x: number) => string;
	/** Colour per series; undefined draws in the terminal's default colour. */
	colors: Array<string | undefined>;
	drawOrder?: number[];
}

export function MetricChart({series, width, height, formatX, colors, drawOrder}: Props): React.JSX.Element {
	const theme = useTheme();
	const numbered = !theme.color && series.filter((points) => points.length > 0).length > 1;
	const options = {
		width,
		height,
		symbols: theme.glyphs.chart,
		formatX,
		...(numbered ? {seriesChar: seriesLabel} : {}),
		...(drawOrder ? {drawOrder} : {}),
	};
	const chart = width >= 16 && height >= 3 ? renderChart(series, options) : undefined;
	if (!chart) {
		const reason = width < 16 || height < 3 ? 'Too small for a chart.' : 'No finite values to chart.';
		return (
			<Box height={height}>
				<Text dimColor>{truncate(' ' + reason, width)}</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column" height={height}>
			{chart.lines.map((line, row) => (
				<Text key={row} wrap="truncate">
					{line.map((segment, index) => (
						<Text key={index} color={segment.series === undefined ? undefined : colors[segment.series]} dimColor={segment.series === undefined}>
							{segment.text}
						</Text>
					))}
				</Text>
			))}
		</Box>
	);
}
