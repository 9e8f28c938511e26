// What the screens read about particular runs: summaries of the rows in view, the run the
// detail shows (when it is not in the list at hand), marked runs for comparison, metric
// histories for charts (downsampled to what the chart can show), artifacts, models.

import {concernsRuns} from '../../store/changes.js';
import type {SummaryAnswer} from '../../store/contract.js';
import {recordOf, type RunRecord} from '../../store/run-record.js';
import type {LoggedModel, Metric, ModelVersion, RegisteredModel} from '../../store/types.js';
import {readArtifactTree, type ArtifactTree} from '../model/artifact-tree.js';
import {useStoreHandle} from '../store-context.js';
import {useAsync, type AsyncValue} from './use-async.js';

/** Metric summaries (every key) for these runs, kept on screen while a new set is read. */
export function useSummaries(runIds: readonly string[], enabled: boolean): AsyncValue<SummaryAnswer> {
	const {store, queue, changes} = useStoreHandle();
	const ids = new Set(runIds);
	const read = enabled && runIds.length > 0 ? () => queue.run(() => store.getMetricSummaries(runIds)) : undefined;
	return useAsync(read, `summaries:${runIds.join(',')}`, changes, {relevant: (change) => concernsRuns(change, ids), keepPrevious: true});
}

async function recordsOf(store: ReturnType<typeof useStoreHandle>['store'], runIds: readonly string[]): Promise<Array<RunRecord | undefined>> {
	const runs = await Promise.all(runIds.map((id) => store.getRun(id)));
	const found = runs.filter((run) => run !== undefined).map((run) => run.info.run_id);
	const summaries = found.length > 0 ? await store.getMetricSummaries(found) : {};
	return runs.map((run) => (run ? recordOf(run, summaries[run.info.run_id]) : undefined));
}

export function useRunRecord(runId: string | undefined, enabled: boolean): AsyncValue<RunRecord | undefined> {
	const {store, queue, changes} = useStoreHandle();
	const read = enabled && runId !== undefined ? () => queue.run(async () => (await recordsOf(store, [runId]))[0]) : undefined;
	return useAsync(read, `run:${runId}`, changes, {relevant: (change) => runId !== undefined && concernsRuns(change, new Set([runId]))});
}

export function useRunRecords(runIds: readonly string[], enabled: boolean): AsyncValue<Array<RunRecord | undefined>> {
	const {store, queue, changes} = useStoreHandle();
	const ids = new Set(runIds);
	const read = enabled && runIds.length > 0 ? () => queue.run(() => recordsOf(store, runIds)) : undefined;
	return useAsync(read, `runs:${runIds.join(',')}`, changes, {relevant: (change) => concernsRuns(change, ids)});
}

/** Each run's history of `key`, at most about `maxPoints` per run, every peak kept. */
export function useMetricHistories(runIds: readonly string[], key: string | undefined, enabled: boolean, maxPoints?: number): AsyncValue<Metric[][]> {
	const {store, queue, changes} = useStoreHandle();
	const ids = new Set(runIds);
	const read =
		enabled && key !== undefined && runIds.length > 0
			? () =>
					queue.run(async () => {
						const answer = await store.getMetricHistories(runIds, key, maxPoints === undefined ? {} : {maxPoints});
						return runIds.map((id) => answer.histories[id] ?? []);
					})
			: undefined;
	return useAsync(read, `history:${key}:${maxPoints}:${runIds.join(',')}`, changes, {relevant: (change) => key !== undefined && concernsRuns(change, ids, key)});
}

export function useArtifactTree(runId: string | undefined, enabled: boolean): AsyncValue<ArtifactTree | undefined> {
	const {store, queue, changes} = useStoreHandle();
	const read = enabled && runId !== undefined ? () => queue.run(() => readArtifactTree(store, runId)) : undefined;
	return useAsync(read, `artifacts:${runId}`, changes, {relevant: (change) => runId !== undefined && concernsRuns(change, new Set([runId]))});
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
						const [logged, registry] = await Promise.all([store.searchLoggedModels([experimentId]), store.searchRegisteredModels()]);
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
	return useAsync(read, `models:${runId}`, changes, {relevant: (change) => change.everything || change.models || change.experimentRuns.includes(experimentId ?? '')});
}

export function useRegistry(enabled: boolean): AsyncValue<RegisteredModel[]> {
	const {store, queue, changes} = useStoreHandle();
	// Every notice: the file store's watcher does not follow the registry's folders.
	return useAsync(enabled ? () => queue.run(() => store.searchRegisteredModels()) : undefined, 'registry', changes);
}
