// The model registry's data, read while the screen shows: each model, then its versions;
// `/` keeps the models whose name contains the text (with all their versions).

import {useMemo} from 'react';
import {useCursor} from '../../hooks/use-cursor.js';
import {useRegistry} from '../../hooks/use-run-data.js';
import {modelRows, type ModelRow} from '../../model/model-rows.js';
import {matchesText, parseSearch} from '../../model/search-query.js';
import {searchText} from '../../state/state.js';
import type {ModelInput, SearchInfo} from '../screen.js';

export interface ModelsModel {
	rows: ModelRow[];
	ids: string[];
	index: number;
	loading: boolean;
	/** Registered models in all, before the search. */
	total: number;
	search: string;
	searchInfo: SearchInfo;
	page: number;
}

export function modelRowId(row: ModelRow): string {
	return `${row.model.name}@${row.version?.version ?? ''}`;
}

export function useModelsModel({state, box}: ModelInput): ModelsModel {
	const registry = useRegistry(box !== undefined);
	const text = searchText(state, 'models');
	const query = parseSearch(text, false);
	const needle = query.kind === 'text' ? query.needle : undefined;
	const all = registry.value ?? [];
	const models = useMemo(() => (needle === undefined ? all : all.filter((model) => matchesText(needle, model.name))), [all, needle]);
	const rows = useMemo(() => modelRows(models), [models]);
	const ids = useMemo(() => rows.map(modelRowId), [rows]);
	const index = useCursor(state, 'models', rows.length, ids);
	return {
		rows,
		ids,
		index,
		loading: registry.loading,
		total: all.length,
		search: state.searches['models'] ?? '',
		searchInfo: {matching: models.length, total: all.length, noun: 'models', kind: query.kind},
		page: box ? Math.max(1, box.height - 2) : 10,
	};
}
