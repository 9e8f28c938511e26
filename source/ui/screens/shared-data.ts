// What several screens show, read once for all of them: the experiments (the list, the
// runs screen's title, the comparison's experiment row) and the store overview (the
// experiments' counts, running now, the alerts).

import {useMemo} from 'react';
import {useNow} from '../hooks/use-now.js';
import type {Experiment} from '../../store/types.js';
import type {AsyncValue} from '../hooks/use-async.js';
import {useExperiments} from '../hooks/use-experiments.js';
import {useStoreOverview, type ExperimentStats} from '../hooks/use-store-overview.js';
import type {RunningEntry} from '../model/running-rows.js';

export interface SharedData {
	experiments: AsyncValue<Experiment[]>;
	experimentNames: ReadonlyMap<string, string>;
	stats: ReadonlyMap<string, ExperimentStats>;
	/** Every running run of the active experiments; undefined until the store has been looked at once. */
	running?: readonly RunningEntry[] | undefined;
	/** Ticks while runs are running, and is taken afresh whenever the overview changes. */
	now: number;
}

export function useSharedData(): SharedData {
	const experiments = useExperiments();
	const {stats, running} = useStoreOverview(experiments.value);
	const experimentNames = useMemo(() => new Map((experiments.value ?? []).map((experiment) => [experiment.experiment_id, experiment.name])), [experiments.value]);
	const tick = useNow((running?.length ?? 0) > 0);
	const now = useMemo(() => Date.now(), [tick, experiments.value, stats, running]);
	return {experiments, experimentNames, stats, running, now};
}
