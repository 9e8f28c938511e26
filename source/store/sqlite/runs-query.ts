// MLflow's run search as one SQL query over the runs table, with the shared grammar's
// semantics (search/run-filter.ts, search/order-by.ts), so that a SQLite store and a file
// store select and order the same runs:
//   * a run lacking the key never matches, not even `!=` (an EXISTS per clause);
//   * metrics compare their latest value as logged: NaN matches only `!=` (MLflow's own SQL
//     store compares the stored 0), ±Infinity compare as infinities;
//   * LIKE and ILIKE are the shared functions registered on the connection;
//   * ordering puts NaN and then missing values last in either direction, then MLflow's
//     default (start_time DESC, run_id ASC); SQLite compares text by code point, as Python does.

import type {ParsedRunSearch} from '../search-query.js';
import type {Clause, NumericOperator, OrderClause, StringOperator} from '../search/index.js';
import type {ViewType} from '../types.js';
import type {Schema} from './schema.js';
import {sqlMetricValue} from './values.js';

export interface SqlQuery {
	sql: string;
	params: unknown[];
}

const RUN_NAME_TAG = 'mlflow.runName';
const DATASET_CONTEXT_TAG = 'mlflow.data.context';

/** Lifecycle stages a view includes (a run without one is active, as in the entity). */
export function stagesOf(view: ViewType): string[] {
	return view === 'ALL' ? ['active', 'deleted'] : view === 'DELETED_ONLY' ? ['deleted'] : ['active'];
}

/** Experiment ids as the integers SQL stores; anything else cannot name one. */
export function experimentKeys(ids: readonly string[]): number[] {
	return [...new Set(ids)].filter((id) => /^(0|[1-9]\d{0,14})$/.test(id)).map(Number);
}

/** The run's name as the entity shows it: the name column, else the mlflow.runName tag (runs from MLflow <= 1.29). */
export function runNameSql(schema: Schema, alias = 'r'): string {
	const tag = `(SELECT t.value FROM tags t WHERE t.run_uuid = ${alias}.run_uuid AND t.key = '${RUN_NAME_TAG}')`;
	return schema.has('runs', 'name') ? `COALESCE(NULLIF(${alias}.name, ''), ${tag}, ${alias}.name)` : tag;
}

/** The SQL for one attribute of the run entity. */
function attributeSql(schema: Schema, key: OrderClause['key']): string {
	switch (key) {
		case 'run_id':
			return 'r.run_uuid';
		case 'run_name':
			return runNameSql(schema);
		case 'user_id':
			return schema.has('runs', 'user_id') ? "COALESCE(r.user_id, '')" : "''";
		case 'artifact_uri':
			return schema.has('runs', 'artifact_uri') ? "NULLIF(r.artifact_uri, '')" : 'NULL';
		case 'status':
			return 'r.status';
		case 'start_time':
		case 'end_time':
			return schema.has('runs', key) ? `r.${key}` : 'NULL';
		default:
			return 'NULL';
	}
}

class Builder {
	readonly joins: string[] = [];
	readonly joinParams: unknown[] = [];
	readonly where: string[] = [];
	readonly whereParams: unknown[] = [];
	readonly order: string[] = [];
	private aliases = 0;

	constructor(readonly schema: Schema) {}

	alias(): string {
		return `o${++this.aliases}`;
	}

	/** `expr op ?`, with the parameter added to `params`. */
	stringTest(expr: string, op: StringOperator, value: string, params: unknown[]): string {
		params.push(value);
		switch (op) {
			case '=':
				return `${expr} = ?`;
			case '!=':
				return `${expr} != ?`;
			case 'LIKE':
				return `mlwatch_like(${expr}, ?)`;
			case 'ILIKE':
				return `mlwatch_ilike(${expr}, ?)`;
		}
	}

	numberTest(expr: string, op: NumericOperator, value: number, params: unknown[]): string {
		params.push(value);
		return `${expr} ${op === '=' ? '=' : op} ?`;
	}

	listTest(expr: string, op: 'IN' | 'NOT IN', values: readonly string[], params: unknown[]): string {
		params.push(JSON.stringify(values));
		return `${expr} ${op} (SELECT value FROM json_each(?))`;
	}

	clause(clause: Clause): string {
		const params = this.whereParams;
		const schema = this.schema;
		switch (clause.entity) {
			case 'metric': {
				if (clause.kind !== 'number') return '0';
				params.push(clause.key);
				const value = sqlMetricValue('m');
				// NaN is unequal to everything and compares with nothing else, as in JS and Python.
				const test = clause.op === '!=' ? `(m.is_nan OR ${this.numberTest(value, '!=', clause.value, params)})` : this.numberTest(value, clause.op, clause.value, params);
				return `EXISTS (SELECT 1 FROM ${schema.latestMetrics} m WHERE m.run_uuid = r.run_uuid AND m.key = ? AND ${test})`;
			}
			case 'param':
			case 'tag': {
				const table = clause.entity === 'param' ? 'params' : 'tags';
				if (!schema.has(table)) return clause.kind === 'null' && clause.op === 'IS NULL' ? '1' : '0';
				params.push(clause.key);
				const present = `EXISTS (SELECT 1 FROM ${table} p WHERE p.run_uuid = r.run_uuid AND p.key = ?`;
				if (clause.kind === 'null') return clause.op === 'IS NULL' ? `NOT ${present})` : `${present})`;
				if (clause.kind !== 'string') return '0';
				return `${present} AND ${this.stringTest("COALESCE(p.value, '')", clause.op, clause.value, params)})`;
			}
			case 'attribute': {
				if (clause.kind === 'list') return this.listTest('r.run_uuid', clause.op, clause.values, params);
				const expr = attributeSql(schema, clause.key);
				if (clause.kind === 'number') return this.numberTest(expr, clause.op, clause.value, params);
				if (clause.kind === 'string') return this.stringTest(expr, clause.op, clause.value, params);
				return '0';
			}
			case 'dataset': {
				if (!schema.has('inputs') || !schema.has('datasets')) return '0';
				let from = 'inputs i JOIN datasets d ON d.dataset_uuid = i.source_id';
				let expr = `d.${clause.key}`;
				if (clause.key === 'context') {
					if (!schema.has('input_tags')) return '0';
					// Inputs logged without a context take no part, not even in `!=`.
					from += ` JOIN input_tags it ON it.input_uuid = i.input_uuid AND it.name = '${DATASET_CONTEXT_TAG}'`;
					expr = 'it.value';
				}
				const test = clause.kind === 'list' ? this.listTest(expr, clause.op, clause.values, params) : clause.kind === 'string' ? this.stringTest(expr, clause.op, clause.value, params) : '0';
				return `EXISTS (SELECT 1 FROM ${from} WHERE i.destination_type = 'RUN' AND i.destination_id = r.run_uuid AND ${test})`;
			}
		}
	}

	orderClause(clause: OrderClause): void {
		const direction = clause.ascending ? '' : ' DESC';
		if (clause.entity === 'attribute') {
			const expr = attributeSql(this.schema, clause.key);
			this.order.push(`(${expr}) IS NULL`, `${expr}${direction}`);
			return;
		}
		const alias = this.alias();
		if (clause.entity === 'metric') {
			this.joins.push(`LEFT JOIN ${this.schema.latestMetrics} ${alias} ON ${alias}.run_uuid = r.run_uuid AND ${alias}.key = ?`);
			this.joinParams.push(clause.key);
			this.order.push(`CASE WHEN ${alias}.run_uuid IS NULL THEN 2 WHEN ${alias}.is_nan THEN 1 ELSE 0 END`, `${alias}.value${direction}`);
			return;
		}
		const table = clause.entity === 'param' ? 'params' : 'tags';
		if (!this.schema.has(table)) return;
		this.joins.push(`LEFT JOIN ${table} ${alias} ON ${alias}.run_uuid = r.run_uuid AND ${alias}.key = ?`);
		this.joinParams.push(clause.key);
		this.order.push(`${alias}.run_uuid IS NULL`, `COALESCE(${alias}.value, '')${direction}`);
	}
}

/**
 * Run ids of one page, in order: `limit` is one more than the page so the caller knows
 * whether another page follows.
 */
export function runIdsQuery(search: ParsedRunSearch, schema: Schema, experimentIds: readonly number[], limit: number, offset: number): SqlQuery {
	const builder = new Builder(schema);
	for (const clause of search.order) builder.orderClause(clause);
	const startTime = schema.has('runs', 'start_time') ? 'r.start_time' : 'NULL';
	builder.order.push(`${startTime} IS NULL`, `${startTime} DESC`, 'r.run_uuid');

	const stage = schema.has('runs', 'lifecycle_stage') ? "COALESCE(r.lifecycle_stage, 'active')" : "'active'";
	const where = [`r.experiment_id IN (SELECT value FROM json_each(?))`, `${stage} IN (SELECT value FROM json_each(?))`];
	builder.whereParams.push(JSON.stringify(experimentIds), JSON.stringify(stagesOf(search.view)));
	for (const clause of search.clauses) where.push(builder.clause(clause));

	const sql = `SELECT r.run_uuid AS run_uuid FROM runs r ${builder.joins.join(' ')} WHERE ${where.join(' AND ')} ORDER BY ${builder.order.join(', ')} LIMIT ? OFFSET ?`;
	return {sql, params: [...builder.joinParams, ...builder.whereParams, limit, offset]};
}
