// Where a run's artifacts are on this machine. Stores get copied between machines, so a
// recorded absolute `file:` path often does not exist here; then the root is re-based onto
// the store's real location by its `<run_id>/artifacts` suffix.

import {stat} from 'node:fs/promises';
import {dirname, join, relative} from 'node:path';
import type {ArtifactEntry, ArtifactListing} from '../types.js';
import {listDir} from './fs-read.js';
import {pathOfFileUri} from '../file-uri.js';

async function isDir(path: string): Promise<boolean> {
	try {
		return (await stat(path)).isDirectory();
	} catch {
		return false;
	}
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

export async function resolveArtifactRoot(uri: string | undefined, runDir: string, runId: string, storeRoot: string): Promise<{local?: string; rebased: boolean}> {
	if (!uri) return {rebased: false};
	const recorded = localPathOf(uri, storeRoot);
	if (recorded && (await isDir(recorded))) return {local: recorded, rebased: false};
	const normalised = uri.replace(/\\/g, '/').replace(/\/+$/, '');
	if (normalised.endsWith(`${runId}/artifacts`)) {
		const here = join(runDir, 'artifacts');
		if (await isDir(here)) return {local: here, rebased: true};
	}
	return {rebased: false};
}

export async function listArtifacts(uri: string | undefined, runDir: string, runId: string, storeRoot: string, path = ''): Promise<ArtifactListing> {
	const {local, rebased} = await resolveArtifactRoot(uri, runDir, runId, storeRoot);
	const listing: ArtifactListing = {root_uri: uri ?? '', rebased, files: []};
	if (!local) return listing;
	listing.local_path = local;
	const target = join(local, path);
	// Never list outside the artifact root.
	if (relative(local, target).startsWith('..')) return listing;
	const entries = await listDir(target);
	if (!entries.ok) return listing;
	const files: ArtifactEntry[] = await Promise.all(
		entries.value.map(async (entry) => {
			const entryPath = path ? `${path}/${entry.name}` : entry.name;
			if (entry.isDirectory()) return {path: entryPath, is_dir: true};
			let size: number | undefined;
			try {
				size = (await stat(join(target, entry.name))).size;
			} catch {
				size = undefined;
			}
			return size === undefined ? {path: entryPath, is_dir: false} : {path: entryPath, is_dir: false, file_size: size};
		}),
	);
	listing.files = files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	return listing;
}

