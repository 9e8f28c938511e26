// Artifacts of runs in a SQLite store, when they are on this machine. MLflow records an
// absolute path (or `./mlruns/...` before 2.0, relative to where it ran, usually beside
// the database); a store copied from elsewhere is re-based onto `mlruns/<exp>/<run>/artifacts`
// beside the database, as the file store re-bases onto its run folders.

import {dirname, join} from 'node:path';
import type {ArtifactContent} from '../contract.js';
import {listArtifacts, readArtifactFile} from '../file/artifacts.js';
import type {ArtifactListing, RunInfo} from '../types.js';

function places(databasePath: string, info: RunInfo): {runDir: string; storeRoot: string} {
	const storeRoot = join(dirname(databasePath), 'mlruns');
	return {runDir: join(storeRoot, info.experiment_id, info.run_id), storeRoot};
}

export function listRunArtifacts(databasePath: string, info: RunInfo, path: string): ArtifactListing {
	const {runDir, storeRoot} = places(databasePath, info);
	return listArtifacts(info.artifact_uri, runDir, info.run_id, storeRoot, path);
}

export function readRunArtifact(databasePath: string, info: RunInfo, path: string, maxBytes: number): ArtifactContent | undefined {
	const {runDir, storeRoot} = places(databasePath, info);
	return readArtifactFile(info.artifact_uri, runDir, info.run_id, storeRoot, path, maxBytes);
}
