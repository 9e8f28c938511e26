// A run's artifacts as an indented tree, read one folder at a time through the store and
// capped so that a run with a million files cannot stall the screen.

import type {TrackingStore} from '../../store/contract.js';
import type {ArtifactEntry} from '../../store/types.js';

export interface ArtifactNode {
	entry: ArtifactEntry;
	depth: number;
	name: string;
	/** Whether each ancestor (and then this node) is the last in its folder. */
	lastAtLevel: boolean[];
}

export interface ArtifactTree {
	rootUri: string;
	localPath?: string;
	rebased: boolean;
	nodes: ArtifactNode[];
	truncated: boolean;
	found: boolean;
}

export const MAX_ARTIFACT_NODES = 400;
const MAX_DEPTH = 8;

export async function readArtifactTree(store: TrackingStore, runId: string, limit = MAX_ARTIFACT_NODES): Promise<ArtifactTree | undefined> {
	const top = await store.listArtifacts(runId);
	if (!top) return undefined;
	const tree: ArtifactTree = {rootUri: top.root_uri, rebased: top.rebased, nodes: [], truncated: false, found: top.local_path !== undefined || top.files.length > 0};
	if (top.local_path) tree.localPath = top.local_path;
	const walk = async (entries: ArtifactEntry[], depth: number, lastAtLevel: boolean[]) => {
		for (const [index, entry] of entries.entries()) {
			if (tree.nodes.length >= limit) {
				tree.truncated = true;
				return;
			}
			const levels = [...lastAtLevel, index === entries.length - 1];
			tree.nodes.push({entry, depth, name: entry.path.split('/').pop() ?? entry.path, lastAtLevel: levels});
			if (entry.is_dir && depth < MAX_DEPTH) {
				const listing = await store.listArtifacts(runId, entry.path);
				if (listing) await walk(listing.files, depth + 1, levels);
			}
		}
	};
	await walk(top.files, 0, []);
	return tree;
}

export function formatBytes(bytes: number | undefined): string {
	if (bytes === undefined) return '';
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
