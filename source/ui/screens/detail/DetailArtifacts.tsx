// A run's artifacts as a tree with sizes (Enter previews one: ../artifact/). Stores copied from another machine often record
// an artifact root that does not exist here; say so instead of showing an empty tree.

import {Box, Text} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../../text/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../../text/width.js';
import type {AsyncValue} from '../../hooks/use-async.js';
import {useScroll} from '../../hooks/use-scroll.js';
import {formatBytes, type ArtifactNode, type ArtifactTree} from '../../model/artifact-tree.js';
import {useTheme, type Glyphs} from '../../theme.js';
import {Notice} from '../../components/Notice.js';

interface Props {
	tree: AsyncValue<ArtifactTree | undefined>;
	/** The rows to show (the tree's, searched). */
	nodes: ArtifactNode[];
	index: number;
	width: number;
	height: number;
	focused: boolean;
}

function prefix(node: ArtifactNode, glyphs: Glyphs): string {
	let text = '';
	for (let level = 0; level < node.depth; level++) text += node.lastAtLevel[level] ? '  ' : glyphs.pipe;
	return text + (node.lastAtLevel[node.depth] ? glyphs.lastBranch : glyphs.branch) + ' ';
}

export function DetailArtifacts({tree, nodes, index, width, height, focused}: Props): React.JSX.Element {
	const theme = useTheme();
	const bodyHeight = Math.max(1, height - 1);
	const scroll = useScroll(index, bodyHeight, nodes.length);
	if (tree.error) return <Notice text={`Cannot list the artifacts: ${tree.error}`} width={width} tone="error" />;
	if (!tree.value) return <Notice text={tree.loading ? 'Listing artifacts…' : 'No artifact location recorded for this run.'} width={width} />;
	const value = tree.value;
	const summary = value.found
		? `${nodes.length}${value.truncated ? '+' : ''} entries${nodes.length < value.nodes.length ? ` (of ${value.nodes.length})` : ''} in ${sanitizeLine(value.localPath ?? value.rootUri)}${value.rebased ? ` (recorded as ${sanitizeLine(value.rootUri)})` : ''}`
		: `Recorded at ${sanitizeLine(value.rootUri)}, which is not on this machine.`;
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate" dimColor>
				{truncate(' ' + summary, width, theme.glyphs.ellipsis)}
			</Text>
			{nodes.length === 0 ? (
				<Notice text={value.found ? (value.nodes.length > 0 ? 'No artifact path matches the search.' : 'No artifacts.') : value.rootUri.startsWith('mlflow-artifacts:') ? 'They are where the tracking server stored them (its --artifacts-destination).' : 'Copy them along with the store to see them here.'} width={width} />
			) : (
				nodes.slice(scroll, scroll + bodyHeight).map((node, offset) => {
					const size = node.entry.is_dir ? '' : formatBytes(node.entry.file_size);
					const name = prefix(node, theme.glyphs) + sanitizeLine(node.name) + (node.entry.is_dir ? '/' : '');
					const room = Math.max(1, width - 2 - displayWidth(size) - 1);
					const at = scroll + offset;
					return (
						<Text key={node.entry.path} wrap="truncate" inverse={focused && at === index} bold={!focused && at === index} color={node.entry.is_dir ? theme.paint('blue') : undefined}>
							{(focused && at === index ? theme.glyphs.pointer : ' ') + padEnd(truncate(name, room, theme.glyphs.ellipsis), room) + ' ' + size}
						</Text>
					);
				})
			)}
		</Box>
	);
}
