// Runs every health check against one context and assembles the report that both
// `mlwatch status` and the health screen show.

import {sanitizeLine} from '../text/sanitize.js';
import {healthChecks} from './checks/index.js';
import {createHealthContext, type HealthContext, type HealthOptions} from './context.js';
import type {CheckOutcome, CheckResult, HealthCheck, HealthReport, StoreCounts} from './types.js';

const CHECK_TIMEOUT_MS = 60_000;

async function runOne(check: HealthCheck, run: () => Promise<CheckOutcome>): Promise<CheckResult> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<CheckOutcome>((done) => {
		timer = setTimeout(() => done({status: 'warn', message: `gave no answer within ${CHECK_TIMEOUT_MS / 1000} s`, fix: ''}), CHECK_TIMEOUT_MS);
		timer.unref();
	});
	let outcome: CheckOutcome;
	try {
		outcome = await Promise.race([run(), timeout]);
	} catch (error) {
		// A check that breaks is a gap in the report, not a reason to lose the rest.
		outcome = {status: 'warn', message: `could not check: ${(error as Error)?.message ?? String(error)}`, fix: ''};
	} finally {
		clearTimeout(timer);
	}
	return {id: check.id, title: check.title, status: outcome.status, message: sanitizeLine(outcome.message), fix: sanitizeLine(outcome.fix)};
}

const KIND_WORDS = {file: 'file stores', sqlite: 'SQLite stores', rest: 'tracking servers'} as const;

/** Skipped, visibly, when the check is about another kind of store than this one. */
function skipped(check: HealthCheck, context: HealthContext): CheckOutcome | undefined {
	const kind = context.description?.kind;
	if (!check.kinds || kind === undefined || check.kinds.includes(kind)) return undefined;
	return {status: 'skip', message: `only for ${check.kinds.map((each) => KIND_WORDS[each]).join(' and ')}; this is a ${KIND_WORDS[kind].slice(0, -1)}`, fix: ''};
}

const NO_COUNTS: StoreCounts = {experiments: 0, runs: 0, deleted_experiments: 0, deleted_runs: 0, runs_in_deleted_experiments: 0, runs_by_status: {}};

export async function runHealthChecks(options: HealthOptions, checks: HealthCheck[] = healthChecks): Promise<HealthReport> {
	const context = await createHealthContext(options);
	const results = await Promise.all(checks.map((check) => runOne(check, async () => skipped(check, context) ?? check.run(context))));
	const inventory = await context.inventory().catch(() => undefined);
	const mlflow = await context.mlflow();
	const summary = {ok: 0, warn: 0, fail: 0, skip: 0};
	for (const result of results) summary[result.status]++;
	return {
		ok: summary.fail === 0,
		checked_at: new Date(context.now).toISOString(),
		store: context.description ? storeFacts(context) : null,
		mlflow,
		counts: inventory?.counts ?? NO_COUNTS,
		metrics: inventory?.metrics ?? [],
		params: inventory?.params ?? [],
		last_activity: isoTime(inventory?.lastActivityMs),
		checks: results,
		summary,
	};
}

/** A time a store recorded, or null when it has none or it lies outside JavaScript's dates. */
function isoTime(ms: number | undefined): string | null {
	if (ms === undefined) return null;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function storeFacts(context: HealthContext): NonNullable<HealthReport['store']> {
	const description = context.description!;
	const facts: NonNullable<HealthReport['store']> = {path: description.localPath ?? description.uri, uri: description.uri, kind: description.kind, chosen_by: context.choice?.source ?? '--store'};
	if (context.choice) facts.reason = context.choice.reason;
	return facts;
}

/** 0 when nothing failed, 1 when a check failed: for CI. */
export function exitCodeOf(report: HealthReport): number {
	return report.ok ? 0 : 1;
}
