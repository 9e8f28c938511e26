// Evaluates parsed clauses against a run the way MLflow's file store does
// (SearchUtils._does_run_match_clause), except for LIKE, which is real SQL LIKE (see like.ts).

import type {Run} from '../types.js';
import type {Clause, NumericAttribute, NumericOperator, Reference, StringAttribute, StringOperator} from './filter-parser.js';
import {ilike, like} from './like.js';

const DATASET_CONTEXT_TAG = 'mlflow.data.context';
const RUN_NAME_TAG = 'mlflow.runName';

/** True when the run satisfies every clause (an empty list matches every run). */
export function matchesFilter(run: Run, clauses: readonly Clause[]): boolean {
	return clauses.every((clause) => matchesClause(run, clause));
}

function matchesClause(run: Run, clause: Clause): boolean {
	if (clause.entity === 'dataset') return matchesDataset(run, clause);
	const actual = valueOf(run, clause);
	if (clause.kind === 'null' && actual === undefined) return clause.op === 'IS NULL';
	// A run without the key never matches, not even `!=`: MLflow compares only present values.
	if (actual === undefined) return false;
	switch (clause.kind) {
		case 'number':
			return typeof actual === 'number' && compareNumbers(actual, clause.op, clause.value);
		case 'string':
			return typeof actual === 'string' && compareStrings(actual, clause.op, clause.value);
		case 'list':
			return typeof actual === 'string' && clause.values.includes(actual) === (clause.op === 'IN');
		case 'null':
			return clause.op === 'IS NOT NULL';
	}
}

/** The run's value for a metric (latest), param, tag or attribute; undefined when it has none. */
export function valueOf(run: Run, clause: Exclude<Reference, {entity: 'dataset'}>): string | number | undefined {
	switch (clause.entity) {
		case 'metric':
			return run.data.metrics.find((metric) => metric.key === clause.key)?.value;
		case 'param':
			return run.data.params.find((param) => param.key === clause.key)?.value;
		case 'tag':
			return run.data.tags.find((tag) => tag.key === clause.key)?.value;
		case 'attribute':
			return attributeValue(run, clause.key);
	}
}

/** A searchable run attribute; undefined when the run has none (e.g. no end_time yet). */
export function attributeValue(run: Run, key: StringAttribute | NumericAttribute): string | number | undefined {
	switch (key) {
		case 'run_id':
			return run.info.run_id || run.info.run_uuid;
		case 'run_name':
			// Runs from MLflow <= 1.29 only carry the name as a tag; the SQL store always
			// searches the tag for this reason.
			return run.info.run_name || run.data.tags.find((tag) => tag.key === RUN_NAME_TAG)?.value || run.info.run_name;
		case 'start_time':
		case 'end_time':
			return run.info[key] ?? undefined;
		default:
			return run.info[key];
	}
}

/** A run matches a dataset clause when any of its dataset inputs does, as in MLflow. */
function matchesDataset(run: Run, clause: Extract<Clause, {entity: 'dataset'}>): boolean {
	const values: string[] = [];
	for (const input of run.inputs.dataset_inputs) {
		if (clause.key === 'context') {
			// Inputs logged without a context take no part, not even in `!=`.
			for (const tag of input.tags) if (tag.key === DATASET_CONTEXT_TAG) values.push(tag.value);
		} else {
			values.push(input.dataset[clause.key]);
		}
	}
	return values.some((value) =>
		clause.kind === 'list'
			? clause.values.includes(value) === (clause.op === 'IN')
			: compareStrings(value, clause.op, clause.value),
	);
}

// JS comparisons treat NaN as Python floats do: NaN != x is true, everything else false.
function compareNumbers(actual: number, op: NumericOperator, value: number): boolean {
	switch (op) {
		case '=':
			return actual === value;
		case '!=':
			return actual !== value;
		case '>':
			return actual > value;
		case '>=':
			return actual >= value;
		case '<':
			return actual < value;
		case '<=':
			return actual <= value;
	}
}

function compareStrings(actual: string, op: StringOperator, value: string): boolean {
	switch (op) {
		case '=':
			return actual === value;
		case '!=':
			return actual !== value;
		case 'LIKE':
			return like(actual, value);
		case 'ILIKE':
			return ilike(actual, value);
	}
}
