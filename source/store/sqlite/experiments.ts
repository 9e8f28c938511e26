// Experiments and their tags. SQL ids are integers (0 is Default), so MLflow's default
// order (newest creation first, then id) compares ids as numbers here.

import type {Experiment, KeyValue, ViewType} from '../types.js';
import type {SqliteConnection} from './connection.js';
import {lifecycleOf} from './run-rows.js';
import {stagesOf} from './runs-query.js';
import type {Schema} from './schema.js';
import {toNumber} from './values.js';

interface ExperimentRow {
	experiment_id: unknown;
	name: string;
	artifact_location: string | null;
	lifecycle_stage: string | null;
	creation_time: unknown;
	last_update_time: unknown;
	workspace: string | null;
}

function columns(schema: Schema): string {
	const column = (name: string) => (schema.has('experiments', name) ? `e.${name}` : `NULL AS ${name}`);
	return ['e.experiment_id', 'e.name', ...['artifact_location', 'lifecycle_stage', 'creation_time', 'last_update_time', 'workspace'].map(column)].join(', ');
}

function withTags(connection: SqliteConnection, schema: Schema, rows: ExperimentRow[]): Experiment[] {
	const tags = new Map<string, KeyValue[]>();
	if (rows.length > 0 && schema.has('experiment_tags')) {
		const ids = JSON.stringify(rows.map((row) => Number(row.experiment_id)));
		for (const tag of connection.all<{experiment_id: unknown; key: string; value: string | null}>('SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (SELECT value FROM json_each(?))', [ids])) {
			const id = String(tag.experiment_id);
			const list = tags.get(id) ?? [];
			list.push({key: tag.key, value: tag.value ?? ''});
			tags.set(id, list);
		}
	}
	return rows.map((row) => {
		const id = String(row.experiment_id);
		const experiment: Experiment = {
			experiment_id: id,
			name: row.name,
			artifact_location: row.artifact_location ?? '',
			lifecycle_stage: lifecycleOf(row.lifecycle_stage),
			tags: tags.get(id) ?? [],
		};
		const created = toNumber(row.creation_time);
		const updated = toNumber(row.last_update_time);
		if (created !== undefined) experiment.creation_time = created;
		if (updated !== undefined) experiment.last_update_time = updated;
		if (row.workspace !== null && row.workspace !== undefined) experiment.workspace = row.workspace;
		return experiment;
	});
}

/** One page (and whether more follow: `limit` rows are asked for, one more than the page). */
export function searchExperiments(connection: SqliteConnection, schema: Schema, view: ViewType, limit: number, offset: number): Experiment[] {
	const stage = schema.has('experiments', 'lifecycle_stage') ? "COALESCE(e.lifecycle_stage, 'active')" : "'active'";
	const created = schema.has('experiments', 'creation_time') ? 'e.creation_time' : 'NULL';
	const rows = connection.all<ExperimentRow>(
		`SELECT ${columns(schema)} FROM experiments e WHERE ${stage} IN (SELECT value FROM json_each(?)) ORDER BY ${created} IS NULL, ${created} DESC, e.experiment_id LIMIT ? OFFSET ?`,
		[JSON.stringify(stagesOf(view)), limit, offset],
	);
	return withTags(connection, schema, rows);
}

export function getExperiment(connection: SqliteConnection, schema: Schema, experimentId: string): Experiment | undefined {
	if (!/^(0|[1-9]\d{0,14})$/.test(experimentId)) return undefined;
	const rows = connection.all<ExperimentRow>(`SELECT ${columns(schema)} FROM experiments e WHERE e.experiment_id = ?`, [Number(experimentId)]);
	return withTags(connection, schema, rows)[0];
}
