// The health screen: the same report as `mlwatch status`, as a checklist that fits the
// pane. Pure: give it the report (see use-health.ts) and the size.

import {Box, Text} from 'ink';
import React from 'react';
import type {HealthReport} from '../../../health/types.js';
import {sanitizeLine} from '../../../text/sanitize.js';
import {truncate} from '../../../text/width.js';
import {PaneTitle} from '../../components/PaneTitle.js';
import {useTheme} from '../../theme.js';
import {healthLines} from './health-lines.js';

export interface HealthScreenProps {
	report?: HealthReport;
	loading: boolean;
	error?: string;
	width: number;
	height: number;
	focused: boolean;
	now?: number;
}

const TONE = {ok: 'green', warn: 'yellow', fail: 'red', skip: 'gray'} as const;

export function HealthScreen({report, loading, error, width, height, focused, now}: HealthScreenProps): React.JSX.Element {
	const theme = useTheme();
	const body = Math.max(1, height - 1);
	const info = loading ? 'checking…' : report ? `${report.ok ? 'nothing failed' : `${report.summary.fail} failed`} · re-checked every 30 s` : '';
	const title = report?.store ? `Health · ${report.store.path}` : 'Health';
	const lines = report ? healthLines(report, {width, height: body, ascii: theme.ascii, now}) : [];
	return (
		<Box flexDirection="column" height={height}>
			<PaneTitle title={title} info={info} width={width} focused={focused} />
			{!report && (
				<Text wrap="truncate" color={error ? theme.paint('red') : theme.paint('gray')}>
					{truncate(` ${error ? `The health check failed: ${sanitizeLine(error)}` : 'Checking the store and MLflow…'}`, width, theme.glyphs.ellipsis)}
				</Text>
			)}
			{lines.map((line, index) => (
				<Text key={index} wrap="truncate" color={line.dim ? theme.paint('gray') : undefined}>
					{' '}
					{line.glyph && (
						<Text color={line.status ? theme.paint(TONE[line.status]) : undefined} bold={line.status !== 'ok'}>
							{line.glyph}
						</Text>
					)}
					{truncate(sanitizeLine(line.text), width - 1 - (line.glyph?.length ?? 0), theme.glyphs.ellipsis)}
				</Text>
			))}
		</Box>
	);
}
