// Where a run's artifacts are on this machine. Stores get copied between machines, so a
// recorded absolute `file:` path often does not exist here; then the root is re-based onto
// the store's real location by its `<run_id>/artifacts` suffix.

import {dirname, join, relative, resolve} from 'node:path';
import type {ArtifactContent} from '../contract.js';
import {pathOfFileUri} from '../file-uri.js';
import type {ArtifactEntry, ArtifactListing} from '../types.js';
import {kindOf, listDirSync, readBounded, statPath} from './fs-sync.js';

function isDir(path: string): boolean {
	const stats = statPath(path);
	return stats.ok && stats.stats.isDirectory();
}

/** A local path for a recorded URI, if the URI names one at all. */
export function localPathOf(uri: string, storeRoot: string): string | undefined {
	if (uri.startsWith('file:')) return pathOfFileUri(uri);
	if (uri.startsWith('mlflow-artifacts:')) {
		// Served by `mlflow server`; its default --artifacts-destination is ./mlartifacts
		// next to where it ran, usually beside mlruns.
		const rest = uri.slice('mlflow-artifacts:'.length).replace(/^\/+/, '');
		return join(dirname(storeRoot), 'mlartifacts', rest);
	}
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return undefined; // s3://, gs://, http://, ...
	if (uri.startsWith('/')) return uri;
	// Relative (`./mlruns/0/...` in old data): relative to the project folder above mlruns.
	return join(dirname(storeRoot), uri);
}

export function resolveArtifactRoot(uri: string | undefined, runDir: string, runId: string, storeRoot: string): {local?: string; rebased: boolean} {
	if (!uri) return {rebased: false};
	const recorded = localPathOf(uri, storeRoot);
	if (recorded && isDir(recorded)) return {local: recorded, rebased: false};
	const normalised = uri.replace(/\\/g, '/').replace(/\/+$/, '');
	if (normalised.endsWith(`${runId}/artifacts`)) {
		const here = join(runDir, 'artifacts');
		if (isDir(here)) return {local: here, rebased: true};
	}
	return {rebased: false};
}

/** `path` inside the artifact root, or undefined when it would climb out of it. */
function inside(root: string, path: string): string | undefined {
	const target = resolve(root, path);
	const rel = relative(root, target);
	return rel.startsWith('..') || rel.startsWith('/') ? undefined : target;
}

export function listArtifacts(uri: string | undefined, runDir: string, runId: string, storeRoot: string, path = ''): ArtifactListing {
	const {local, rebased} = resolveArtifactRoot(uri, runDir, runId, storeRoot);
	const listing: ArtifactListing = {root_uri: uri ?? '', rebased, files: []};
	if (!local) return listing;
	listing.local_path = local;
	const target = inside(local, path);
	if (!target) return listing;
	const entries = listDirSync(target);
	if (!entries.ok) return listing;
	const files: ArtifactEntry[] = entries.entries.map((entry) => {
		const entryPath = path ? `${path}/${entry.name}` : entry.name;
		const kind = kindOf(entry, target);
		if (kind === 'dir') return {path: entryPath, is_dir: true};
		const stats = statPath(join(target, entry.name));
		return stats.ok && stats.stats.isFile() ? {path: entryPath, is_dir: false, file_size: stats.stats.size} : {path: entryPath, is_dir: false};
	});
	listing.files = files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	return listing;
}

export function readArtifactFile(uri: string | undefined, runDir: string, runId: string, storeRoot: string, path: string, maxBytes: number): ArtifactContent | undefined {
	const {local} = resolveArtifactRoot(uri, runDir, runId, storeRoot);
	const target = local ? inside(local, path) : undefined;
	if (!target) return undefined;
	const read = readBounded(target, maxBytes);
	if (!read.ok) return undefined;
	return {bytes: read.bytes, size: read.size, truncated: read.truncated};
}
