// An experiment folder's meta.yaml and tags → Experiment.

import type {Experiment, Problem} from '../types.js';
import {readKeyValues} from './key-folder.js';
import {readMetaOrReport} from './meta-text.js';
import {lifecycle} from './run-info.js';
import {int, str} from './yaml.js';

/**
 * `inTrash`: anything under `.trash/` is deleted, whatever its meta.yaml says (before
 * MLflow 2.3 the file was not rewritten on delete).
 */
export function readExperiment(dir: string, folderId: string, inTrash: boolean): {experiment?: Experiment; problems: Problem[]} {
	const metaPath = `${dir}/meta.yaml`;
	const problems: Problem[] = [];
	const read = readMetaOrReport(dir, problems, 'not shown as an experiment', 'folder has no meta.yaml');
	if (!read) return {problems};
	const {meta, text} = read;
	const recordedId = str(meta, text, 'experiment_id');
	if (recordedId !== undefined && recordedId !== folderId) {
		problems.push({path: metaPath, reason: `experiment_id '${recordedId}' differs from its folder name '${folderId}' (copied folder?)`, effect: 'shown under the folder name; MLflow ignores this experiment'});
	}
	const tags = readKeyValues(`${dir}/tags`, 'tag', problems);
	const experiment: Experiment = {
		experiment_id: folderId,
		name: str(meta, text, 'name') ?? '',
		artifact_location: str(meta, text, 'artifact_location') ?? '',
		lifecycle_stage: inTrash ? 'deleted' : lifecycle(meta, text),
		tags: tags.values,
	};
	// MLflow omits zero or missing times.
	const creation = int(meta, 'creation_time');
	const lastUpdate = int(meta, 'last_update_time');
	if (lastUpdate) experiment.last_update_time = lastUpdate;
	if (creation) experiment.creation_time = creation;
	const workspace = str(meta, text, 'workspace');
	if (workspace) experiment.workspace = workspace;
	return {experiment, problems};
}
