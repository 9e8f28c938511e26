// The artifact preview's data: the file read through the store (use-async.ts, so it is
// read again when the run changes on disk), and what fits the pane: text wrapped to its
// width, a picture scaled to it.

import {useMemo} from 'react';
import {concernsRuns} from '../../../store/changes.js';
import {displayWidth} from '../../../text/width.js';
import {useAsync, type AsyncValue} from '../../hooks/use-async.js';
import {resolveCursor} from '../../state/state.js';
import {useStoreHandle} from '../../store-context.js';
import {useTheme} from '../../theme.js';
import type {ModelInput} from '../screen.js';
import {colorDepth, imageCells, type CellImage} from './image-cells.js';
import {readPreview, type Preview} from './preview.js';
import type {ArtifactSlice} from './state.js';

/** Title and the line of facts above the content. */
export const ARTIFACT_CHROME = 2;
/** Past this many lines, the rest is left out (and the pane says so). */
const MAX_LINES = 20_000;

export interface ArtifactModel extends ArtifactSlice {
	preview: AsyncValue<Preview>;
	/** Text wrapped to the pane. */
	lines: string[];
	/** Lines beyond MAX_LINES left out. */
	cutLines: boolean;
	image?: CellImage;
	/** The first line shown. */
	scroll: number;
	/** Scroll positions: lines that do not fit, plus one. */
	count: number;
	page: number;
}

/** Splits a line into pieces of at most `width` columns. */
export function wrapLine(line: string, width: number): string[] {
	const room = Math.max(1, width);
	if (/^[\x20-\x7e]*$/.test(line)) {
		if (line.length <= room) return [line];
		const pieces: string[] = [];
		for (let at = 0; at < line.length; at += room) pieces.push(line.slice(at, at + room));
		return pieces;
	}
	const pieces: string[] = [];
	let piece = '';
	let used = 0;
	for (const char of line) {
		const cells = displayWidth(char);
		if (used + cells > room && piece !== '') {
			pieces.push(piece);
			piece = '';
			used = 0;
		}
		piece += char;
		used += cells;
	}
	pieces.push(piece);
	return pieces;
}

const NO_LINES: string[] = [];

export function useArtifactModel({state, box}: ModelInput): ArtifactModel {
	const {store, queue, changes} = useStoreHandle();
	const theme = useTheme();
	const {runId, path, size} = state.artifact;
	const enabled = box !== undefined && runId !== undefined && path !== undefined;
	const read = enabled ? () => queue.run(() => readPreview(store, runId, path, size)) : undefined;
	const preview = useAsync(read, `artifact:${runId}:${path}`, changes, {relevant: (change) => runId !== undefined && concernsRuns(change, new Set([runId]))});
	const width = Math.max(1, (box?.width ?? 80) - 2);
	const height = Math.max(1, (box?.height ?? 24) - ARTIFACT_CHROME);
	const value = preview.value;
	const wrapped = useMemo(() => {
		if (value?.kind !== 'text') return {lines: NO_LINES, cut: false};
		const lines: string[] = [];
		for (const line of value.lines) {
			for (const piece of wrapLine(line, width)) lines.push(piece);
			if (lines.length >= MAX_LINES) return {lines: lines.slice(0, MAX_LINES), cut: true};
		}
		return {lines, cut: false};
	}, [value, width]);
	const depth = colorDepth(process.env, theme.color);
	const image = useMemo(() => (value?.kind === 'image' ? imageCells(value.image, width, height, depth, theme.ascii) : undefined), [value, width, height, depth, theme.ascii]);
	const count = Math.max(1, wrapped.lines.length - height + 1);
	const model: ArtifactModel = {...state.artifact, preview, lines: wrapped.lines, cutLines: wrapped.cut, scroll: resolveCursor(state.cursors['artifact'], count), count, page: height};
	if (image) model.image = image;
	return model;
}
