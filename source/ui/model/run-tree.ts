// Child runs (tag mlflow.parentRunId) nest under their parent, which can be folded.
// A child whose parent is not in the list (filtered out, deleted, other experiment)
// stands at the top level rather than disappearing.

import type {RunRecord} from '../../store/run-record.js';
import {parentRunId, runId} from './run-label.js';

export interface RunRow {
	id: string;
	record: RunRecord;
	depth: number;
	childCount: number;
	folded: boolean;
	/** For each level above this row: whether that ancestor was the last of its siblings. */
	lastAtLevel: boolean[];
}

/** `sorted` is already in display order; children keep that order under their parent. */
export function buildRunRows(sorted: readonly RunRecord[], folded: ReadonlySet<string>): RunRow[] {
	const ids = new Set(sorted.map((record) => runId(record.run)));
	const children = new Map<string, RunRecord[]>();
	const roots: RunRecord[] = [];
	for (const record of sorted) {
		const parent = parentRunId(record.run);
		if (parent && parent !== runId(record.run) && ids.has(parent)) {
			const list = children.get(parent) ?? [];
			list.push(record);
			children.set(parent, list);
		} else {
			roots.push(record);
		}
	}
	const rows: RunRow[] = [];
	const placed = new Set<string>();
	const hide = (records: RunRecord[]) => {
		for (const record of records) {
			const id = runId(record.run);
			if (placed.has(id)) continue;
			placed.add(id);
			hide(children.get(id) ?? []);
		}
	};
	const visit = (record: RunRecord, depth: number, lastAtLevel: boolean[]) => {
		const id = runId(record.run);
		if (placed.has(id)) return; // a parent loop in broken data
		placed.add(id);
		const kids = children.get(id) ?? [];
		const isFolded = kids.length > 0 && folded.has(id);
		rows.push({id, record, depth, childCount: kids.length, folded: isFolded, lastAtLevel});
		if (isFolded) {
			hide(kids);
			return;
		}
		kids.forEach((kid, index) => visit(kid, depth + 1, [...lastAtLevel, index === kids.length - 1]));
	};
	for (const root of roots) visit(root, 0, []);
	// Runs caught in a parent loop have no root; show them rather than lose them.
	for (const record of sorted) if (!placed.has(runId(record.run))) visit(record, 0, []);
	return rows;
}

/** The tree drawing in front of a nested row's name, e.g. "│ └─". */
export function treePrefix(row: RunRow, glyphs: {branch: string; lastBranch: string; pipe: string}): string {
	if (row.depth === 0) return '';
	let prefix = '';
	for (let level = 1; level < row.depth; level++) prefix += row.lastAtLevel[level - 1] ? '   ' : glyphs.pipe + ' ';
	return prefix + (row.lastAtLevel[row.depth - 1] ? glyphs.lastBranch : glyphs.branch) + ' ';
}
