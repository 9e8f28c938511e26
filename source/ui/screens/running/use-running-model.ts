// "Running now": the running runs of every experiment from the store overview (shared
// with the experiments' counts and the alerts), worst first; `/` searches run and
// experiment names.

import {useMemo} from 'react';
import {useCursor} from '../../hooks/use-cursor.js';
import {useNow} from '../../hooks/use-now.js';
import {runningRows, type RunningRow} from '../../model/running-rows.js';
import {matchesText, parseSearch} from '../../model/search-query.js';
import {searchText} from '../../state/state.js';
import type {ModelInput, SearchInfo} from '../screen.js';

export interface RunningModel {
	/** Undefined until the store has been looked at once. */
	rows?: RunningRow[];
	all: number;
	ids: string[];
	index: number;
	search: string;
	searchInfo: SearchInfo;
	page: number;
	experimentOf: ReadonlyMap<string, string>;
}

export function useRunningModel({state, shared, box}: ModelInput): RunningModel {
	const entries = shared.running;
	// Elapsed times and ages move on, and a quiet run turns stalled, without store changes.
	const now = useNow(box !== undefined && (entries?.length ?? 0) > 0);
	const text = searchText(state, 'running');
	const query = parseSearch(text, false);
	const needle = query.kind === 'text' ? query.needle : undefined;
	const all = useMemo(() => runningRows(entries ?? [], now), [entries, now]);
	const rows = useMemo(() => (needle === undefined ? all : all.filter((row) => matchesText(needle, row.run, row.experiment, row.id))), [all, needle]);
	const ids = useMemo(() => rows.map((row) => row.id), [rows]);
	// Stays on its run when a new running run sorts in above it.
	const index = useCursor(state, 'running', rows.length, ids, true);
	const experimentOf = useMemo(() => new Map((entries ?? []).map((entry) => [entry.record.run.info.run_id, entry.record.run.info.experiment_id])), [entries]);
	const model: RunningModel = {
		all: all.length,
		ids,
		index,
		search: state.searches['running'] ?? '',
		searchInfo: {matching: rows.length, total: all.length, noun: 'running runs', kind: query.kind},
		page: box ? Math.max(1, box.height - 2) : 10,
		experimentOf,
	};
	if (entries) model.rows = rows;
	return model;
}
