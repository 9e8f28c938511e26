// The `s` picker: every column the runs can be sorted by, the current one marked.

import {Box, Text} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../../text/sanitize.js';
import {padEnd, truncate} from '../../../text/width.js';
import {useScroll} from '../../hooks/use-scroll.js';
import {fieldLabel, sameField, type RunSort, type SortField} from '../../model/run-sort.js';
import {useTheme} from '../../theme.js';
import {PaneTitle} from '../../components/PaneTitle.js';

interface Props {
	options: SortField[];
	index: number;
	current: RunSort;
	width: number;
	height: number;
}

function group(field: SortField): string {
	return field.kind === 'metric' ? 'metric' : field.kind === 'param' ? 'param' : 'run';
}

export function SortPicker({options, index, current, width, height}: Props): React.JSX.Element {
	const theme = useTheme();
	const bodyHeight = Math.max(1, height - 1);
	const scroll = useScroll(index, bodyHeight, options.length);
	return (
		<Box flexDirection="column" height={height}>
			<PaneTitle title="Sort runs by" info="Enter choose · again reverses · Esc close" width={width} focused />
			{options.slice(scroll, scroll + bodyHeight).map((field, offset) => {
				const at = scroll + offset;
				const chosen = sameField(field, current.field);
				const arrow = chosen ? (current.descending ? theme.glyphs.down : theme.glyphs.up) : ' ';
				const label = field.kind === 'param' ? field.key : fieldLabel(field);
				const line = `${at === index ? theme.glyphs.pointer : ' '}${arrow} ${padEnd(group(field), 7)}${sanitizeLine(label)}`;
				return (
					<Text key={`${field.kind}:${'key' in field ? field.key : ''}`} wrap="truncate" inverse={at === index} bold={chosen}>
						{padEnd(truncate(line, width, theme.glyphs.ellipsis), width)}
					</Text>
				);
			})}
		</Box>
	);
}
