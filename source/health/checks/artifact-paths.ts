// Artifact locations recorded on another machine. A copied or downloaded store keeps the
// absolute paths of where it was written; mlwatch re-bases them onto the run folders, but
// MLflow's own UI shows no artifacts for those runs.

import {resolve} from 'node:path';
import {pathOfFileUri} from '../../store/file-uri.js';
import {sanitizeLine} from '../../text/sanitize.js';
import type {HealthCheck} from '../types.js';

/** A recorded URI short enough for one line: decoded, middle cut out. */
function shortUri(uri: string): string {
	let text = uri;
	try {
		text = decodeURIComponent(uri);
	} catch {
		// keep it as recorded
	}
	return text.length > 72 ? `${text.slice(0, 40)}…${text.slice(-31)}` : text;
}

/** A path on some machine's disk (file: URIs, bare and relative paths), not a server or a bucket. */
function isDiskPath(uri: string): boolean {
	return uri.startsWith('file:') || !/^[a-z][a-z0-9+.-]*:/i.test(uri) || /^[a-z]:[\\/]/i.test(uri);
}

export const artifactPaths: HealthCheck = {
	id: 'artifact-paths',
	title: 'Artifact paths',
	kinds: ['file', 'sqlite'],
	async run(context) {
		const inventory = await context.inventory();
		const store = context.store;
		if (!inventory || !store) return {status: 'ok', message: 'no store to read', fix: ''};
		const storePath = context.description?.localPath;
		const active = new Set(inventory.experiments.filter((experiment) => experiment.lifecycle_stage === 'active').map((experiment) => experiment.experiment_id));
		let local = 0;
		let remote = 0;
		let rebased = 0;
		let missing = 0;
		let example: string | undefined;
		for (const record of inventory.records) {
			const info = record.run.info;
			if (!active.has(info.experiment_id) || info.lifecycle_stage !== 'active' || !info.artifact_uri) continue;
			if (!isDiskPath(info.artifact_uri)) {
				remote++;
				continue;
			}
			local++;
			const listing = await store.listArtifacts(info.run_id);
			if (listing?.local_path !== undefined && !listing.rebased) continue;
			// A path inside this very store that is missing is an empty folder lost in a copy,
			// not another machine's path.
			const recorded = resolve(pathOfFileUri(info.artifact_uri));
			const insideStore = storePath !== undefined && recorded.startsWith(resolve(storePath) + '/');
			if (listing?.rebased) rebased++;
			else if (!insideStore) missing++;
			else continue;
			example ??= info.artifact_uri;
		}
		const elsewhere = rebased + missing;
		const remoteNote = remote > 0 ? `${remote} ${remote === 1 ? 'run keeps' : 'runs keep'} artifacts on a tracking server (mlflow-artifacts:) or in the cloud` : '';
		if (elsewhere === 0) {
			const parts = [local > 0 ? `artifact paths of ${local} ${local === 1 ? 'run are' : 'runs are'} on this machine` : '', remoteNote].filter(Boolean);
			return {status: 'ok', message: parts.length > 0 ? parts.join('; ') : 'no run records an artifact location', fix: ''};
		}
		return {
			status: 'warn',
			message: `${elsewhere} of ${local} runs record artifact paths from another machine (e.g. ${sanitizeLine(shortUri(example ?? ''))}); mlwatch finds ${rebased} of them beside the runs, MLflow's UI shows none${remoteNote ? `; ${remoteNote}` : ''}`,
			fix: 'browse those artifacts with mlwatch, or put the store back at its original path for MLflow',
		};
	},
};
