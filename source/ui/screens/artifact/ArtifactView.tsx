// Enter on an artifact: the file itself. Text scrolls with j/k; a picture is drawn in
// half-block cells (a brightness ramp without colour); anything else says what it is.

import {Box, Text} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../../text/sanitize.js';
import {truncate} from '../../../text/width.js';
import {Notice} from '../../components/Notice.js';
import {PaneTitle} from '../../components/PaneTitle.js';
import {formatBytes} from '../../model/artifact-tree.js';
import {useTheme} from '../../theme.js';
import type {ViewProps} from '../screen.js';
import {TEXT_BYTES} from './preview.js';
import {ARTIFACT_CHROME, type ArtifactModel} from './use-artifact-model.js';

function facts(model: ArtifactModel): string {
	const value = model.preview.value;
	if (!value || value.kind === 'unreadable') return '';
	const parts = [value.type, formatBytes(value.size)];
	if (value.kind === 'text') {
		parts.push(`${model.lines.length} lines`);
		if (value.truncated) parts.push(`the first ${formatBytes(TEXT_BYTES)} shown`);
		if (model.cutLines) parts.push('the rest left out');
		if (model.count > 1) parts.push(`line ${model.scroll + 1}`);
	}
	if (value.kind === 'image' && model.image) parts.push(`drawn in ${model.image.columns}x${model.image.rows} cells`);
	return parts.join(' · ');
}

export function ArtifactView({model, width, height, focused}: ViewProps<ArtifactModel>): React.JSX.Element {
	const theme = useTheme();
	const body = Math.max(1, height - ARTIFACT_CHROME);
	const value = model.preview.value;
	let content: React.JSX.Element;
	if (model.preview.error) content = <Notice text={`Cannot read it: ${model.preview.error}`} width={width} tone="error" />;
	else if (!value) content = <Notice text="Reading…" width={width} />;
	else if (value.kind === 'unreadable') content = <Notice text="This file cannot be read here (it may have been removed)." width={width} tone="error" />;
	else if (value.kind === 'info') content = <Notice text={`${value.type}, ${formatBytes(value.size)}: ${value.why}.`} width={width} />;
	else if (value.kind === 'image' && model.image) {
		content = (
			<Box flexDirection="column">
				{model.image.lines.map((line, row) => (
					<Text key={row}>{` ${line}`}</Text>
				))}
			</Box>
		);
	} else {
		content = (
			<Box flexDirection="column">
				{model.lines.slice(model.scroll, model.scroll + body).map((line, row) => (
					<Text key={row} wrap="truncate">
						{` ${line}`}
					</Text>
				))}
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<PaneTitle title={`Artifact · ${sanitizeLine(model.path ?? '')}`} info="Esc back · y copies the path" width={width} focused={focused} />
			<Text wrap="truncate" dimColor>
				{truncate(` ${facts(model)}`, width, theme.glyphs.ellipsis)}
			</Text>
			{content}
		</Box>
	);
}
