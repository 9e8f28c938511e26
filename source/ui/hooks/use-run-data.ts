// What the detail and compare screens read about particular runs: the run itself (when it
// is not in the runs list at hand), metric histories for charts, artifacts, models.

import type {RunRecord} from '../../store/backend.js';
import type {LoggedModel, Metric, ModelVersion, RegisteredModel} from '../../store/types.js';
import {readArtifactTree, type ArtifactTree} from '../model/artifact-tree.js';
import {useStoreHandle} from '../store-context.js';
import {useAsync, type AsyncValue} from './use-async.js';

export function useRunRecord(runId: string | undefined, enabled: boolean): AsyncValue<RunRecord | undefined> {
	const {store, queue, changes} = useStoreHandle();
	const read = enabled && runId !== undefined ? () => queue.run(() => store.getRun(runId)) : undefined;
	return useAsync(read, `run:${runId}`, changes);
}

export function useRunRecords(runIds: readonly string[], enabled: boolean): AsyncValue<Array<RunRecord | undefined>> {
	const {store, queue, changes} = useStoreHandle();
	const read = enabled && runIds.length > 0 ? () => Promise.all(runIds.map((id) => queue.run(() => store.getRun(id)))) : undefined;
	return useAsync(read, `runs:${runIds.join(',')}`, changes);
}

export function useMetricHistories(runIds: readonly string[], key: string | undefined, enabled: boolean): AsyncValue<Metric[][]> {
	const {store, queue, changes} = useStoreHandle();
	const read = enabled && key !== undefined && runIds.length > 0 ? () => Promise.all(runIds.map((id) => queue.run(() => store.getMetricHistory(id, key)))) : undefined;
	return useAsync(read, `history:${key}:${runIds.join(',')}`, changes);
}

export function useArtifactTree(runId: string | undefined, enabled: boolean): AsyncValue<ArtifactTree | undefined> {
	const {store, queue, changes} = useStoreHandle();
	const read = enabled && runId !== undefined ? () => queue.run(() => readArtifactTree(store, runId)) : undefined;
	return useAsync(read, `artifacts:${runId}`, changes);
}

export interface RunModels {
	/** Logged models (MLflow 3) this run produced. */
	logged: LoggedModel[];
	/** Registry versions made from this run, with their model's name. */
	registered: ModelVersion[];
}

export function useRunModels(record: RunRecord | undefined, enabled: boolean): AsyncValue<RunModels> {
	const {store, queue, changes} = useStoreHandle();
	const runId = record?.run.info.run_id;
	const experimentId = record?.run.info.experiment_id;
	const outputs = new Set(record?.run.outputs.model_outputs.map((output) => output.model_id) ?? []);
	const read =
		enabled && record && runId !== undefined && experimentId !== undefined
			? () =>
					queue.run(async () => {
						const [logged, registry] = await Promise.all([store.listLoggedModels(experimentId), store.listRegisteredModels()]);
						return {
							logged: logged.filter((model) => model.info.source_run_id === runId || outputs.has(model.info.model_id)),
							registered: registry.flatMap((model) =>
								model.versions
									.filter((modelVersion) => modelVersion.run_id === runId)
									// Aliases live in the model's alias files; a version's own list is often empty.
									.map((modelVersion) => ({...modelVersion, aliases: [...new Set([...modelVersion.aliases, ...model.aliases.filter((alias) => alias.version === modelVersion.version).map((alias) => alias.alias)])]})),
							),
						};
					})
			: undefined;
	return useAsync(read, `models:${runId}`, changes);
}

export function useRegistry(enabled: boolean): AsyncValue<RegisteredModel[]> {
	const {store, queue, changes} = useStoreHandle();
	return useAsync(enabled ? () => queue.run(() => store.listRegisteredModels()) : undefined, 'registry', changes);
}
