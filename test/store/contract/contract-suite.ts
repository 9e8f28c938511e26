// The one set of behaviour tests every backend passes (MLflow's store design: one abstract
// store, one shared test suite). A backend's test file calls `describeContract` with a
// fixture that opens a store holding scripts/oracle/scenario.py's data, written by real
// MLflow into that kind of store, and (for the change feed) a store it can write to live.
//
// What is asserted is what a user or a script would notice: every run comes back once
// across pages, filters and orders mean what MLflow means, deleted runs stay out unless
// asked for, NaN and infinities survive, histories are whole (or keep every peak when
// downsampled), and a write reaches the feed in store terms.

import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {StoreChange, TrackingStore} from '../../../source/store/contract.js';
import {InvalidQueryError} from '../../../source/store/page-token.js';
import {allExperiments, searchAllRuns} from '../../../source/store/queries.js';
import {SearchSyntaxError} from '../../../source/store/search/index.js';
import type {Experiment, Run} from '../../../source/store/types.js';

/** A store the test writes to while it is followed; each call resolves once the write is on disk or on the server. */
export interface LiveStore {
	store: TrackingStore;
	/** A new run in the experiment `experimentId`; resolves to its id. */
	createRun(experimentId: string, name: string): Promise<string>;
	logMetric(runId: string, key: string, value: number, step: number): Promise<void>;
	experimentId: string;
	close(): Promise<void>;
}

export interface ContractFixture {
	/** Opens a store holding the scenario (once per suite). Undefined result: skipped, with the reason given. */
	open(): Promise<TrackingStore>;
	/** A fresh store to write to while following it. */
	live?(): Promise<LiveStore>;
	/** How long a write may take to reach the feed (a polling backend is slower). */
	feedTimeoutMs?: number;
	/**
	 * MLflow's SQL store is behind it (a tracking server on a database): it keeps ±inf as
	 * ±DBL_MAX and its latest metrics do not name their run, so the answers say so too.
	 */
	sqlValues?: boolean;
}

const name = (run: Run) => run.info.run_name ?? '';
const ids = (runs: Run[]) => runs.map((run) => run.info.run_id);

function waitForChange(store: TrackingStore, feed: ReturnType<TrackingStore['follow']>, test: (change: StoreChange) => boolean, timeoutMs: number): Promise<StoreChange> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`no change matching within ${timeoutMs} ms (${store.description.kind} store)`));
		}, timeoutMs);
		const unsubscribe = feed.subscribe((change) => {
			if (!test(change)) return;
			clearTimeout(timer);
			unsubscribe();
			resolve(change);
		});
	});
}

export function describeContract(backend: string, fixture: ContractFixture): void {
	describe(`the store contract: ${backend}`, () => {
		let store: TrackingStore;
		let scenario: Experiment;
		let all: Run[];

		beforeAll(async () => {
			store = await fixture.open();
			const experiments = await allExperiments(store, 'ALL');
			scenario = experiments.find((experiment) => experiment.name === 'mlwatch-scenario')!;
			expect(scenario, 'the scenario experiment').toBeDefined();
			all = await searchAllRuns(store, {experimentIds: [scenario.experiment_id], view: 'ALL'});
		}, 10 * 60_000);

		afterAll(async () => {
			await store?.close();
		});

		const byName = (wanted: string) => all.find((run) => name(run) === wanted)!;
		const infinity = fixture.sqlValues ? Number.MAX_VALUE : Number.POSITIVE_INFINITY;

		it('describes itself without credentials, and knows the scenario experiment by id', async () => {
			expect(store.description.kind).toBe(backend.split(' ')[0]);
			expect(store.description.uri).not.toMatch(/:[^/@]*@/);
			expect((await store.getExperiment(scenario.experiment_id))?.name).toBe('mlwatch-scenario');
			expect(await store.getExperiment('987654321987654')).toBeUndefined();
		});

		it('pages experiments and runs: every item once, in the same order as one big page, no token after the last', async () => {
			const experiments = await allExperiments(store, 'ALL');
			const paged: Experiment[] = [];
			let token: string | undefined;
			do {
				const page = await store.searchExperiments({view: 'ALL', maxResults: 2, ...(token ? {pageToken: token} : {})});
				expect(page.experiments.length).toBeLessThanOrEqual(2);
				paged.push(...page.experiments);
				token = page.nextPageToken;
			} while (token);
			expect(paged.map((experiment) => experiment.experiment_id)).toEqual(experiments.map((experiment) => experiment.experiment_id));

			const whole = await store.searchRuns({experimentIds: [scenario.experiment_id], view: 'ALL', maxResults: 1000});
			expect(whole.nextPageToken).toBeUndefined();
			const pages: Run[] = [];
			token = undefined;
			let count = 0;
			do {
				const page = await store.searchRuns({experimentIds: [scenario.experiment_id], view: 'ALL', maxResults: 3, ...(token ? {pageToken: token} : {})});
				expect(page.runs.length).toBeLessThanOrEqual(3);
				pages.push(...page.runs);
				token = page.nextPageToken;
				count++;
			} while (token);
			expect(count).toBe(Math.ceil(whole.runs.length / 3));
			expect(ids(pages)).toEqual(ids(whole.runs));
			expect(new Set(ids(pages)).size).toBe(pages.length);
		});

		it('orders by start_time DESC then run_id by default, as MLflow does', () => {
			for (let index = 1; index < all.length; index++) {
				const [a, b] = [all[index - 1]!, all[index]!];
				const ordered = (a.info.start_time ?? 0) > (b.info.start_time ?? 0) || ((a.info.start_time ?? 0) === (b.info.start_time ?? 0) && a.info.run_id <= b.info.run_id);
				expect(ordered, `${name(a)} before ${name(b)}`).toBe(true);
			}
		});

		it('rejects a bad filter, order or page token, and a page size out of bounds, plainly', async () => {
			await expect(store.searchRuns({experimentIds: [scenario.experiment_id], filter: 'metrics.loss >'})).rejects.toBeInstanceOf(SearchSyntaxError);
			await expect(store.searchRuns({experimentIds: [scenario.experiment_id], orderBy: ['metrics.loss SIDEWAYS']})).rejects.toBeInstanceOf(SearchSyntaxError);
			await expect(store.searchRuns({experimentIds: [scenario.experiment_id], pageToken: 'not a token'})).rejects.toBeInstanceOf(InvalidQueryError);
			await expect(store.searchRuns({experimentIds: [scenario.experiment_id], maxResults: 0})).rejects.toBeInstanceOf(InvalidQueryError);
			await expect(store.searchRuns({experimentIds: [scenario.experiment_id], maxResults: 50_001})).rejects.toBeInstanceOf(InvalidQueryError);
		});

		it('filters with MLflow semantics: metrics, params, tags, attributes, LIKE and ILIKE; a run without the key never matches', async () => {
			const search = async (filter: string) => (await searchAllRuns(store, {experimentIds: [scenario.experiment_id], filter})).map(name).sort();
			expect(await search('metrics.score > 0.55')).toEqual(['child-1', 'child-2', 'sweep-01', 'sweep-02']);
			expect(await search("params.lr = '0.01'")).toEqual(['baseline', 'sweep-02']);
			expect(await search("tags.priority LIKE 'H%'")).toEqual(['baseline', 'sweep-01', 'sweep-03']);
			expect(await search("tags.priority LIKE 'Hi%'")).toEqual(['baseline', 'sweep-01']);
			expect(await search("tags.priority ILIKE 'hi%'")).toEqual(['baseline', 'sweep-01', 'sweep-03']);
			expect(await search("attributes.status = 'FAILED'")).toEqual(['failed-run']);
			expect(await search("attributes.run_name LIKE 'child-_'")).toEqual(['child-1', 'child-2']);
			// != never matches a run that lacks the key (sweep-04 logged no score).
			expect(await search('metrics.score != 0.7')).not.toContain('sweep-04');
		});

		it('orders by a metric with NaN and missing values last, in either direction', async () => {
			const sweep = "tags.sweep = 'yes'";
			const order = async (direction: string) => (await searchAllRuns(store, {experimentIds: [scenario.experiment_id], filter: sweep, orderBy: [`metrics.score ${direction}`]})).map(name);
			expect(await order('DESC')).toEqual(['sweep-02', 'sweep-01', 'sweep-03', 'sweep-04']);
			expect(await order('ASC')).toEqual(['sweep-01', 'sweep-02', 'sweep-03', 'sweep-04']);
		});

		it('keeps deleted runs out unless asked for', async () => {
			const view = async (v: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL') => (await searchAllRuns(store, {experimentIds: [scenario.experiment_id], view: v})).map(name);
			expect(await view('ACTIVE_ONLY')).not.toContain('deleted-run');
			expect(await view('DELETED_ONLY')).toEqual(['deleted-run']);
			expect((await view('ALL')).length).toBe((await view('ACTIVE_ONLY')).length + 1);
			expect((await allExperiments(store, 'DELETED_ONLY')).map((experiment) => experiment.name)).toEqual(['to-be-deleted']);
		});

		it('returns latest values with NaN and infinities intact, each metric naming its run', () => {
			const baseline = byName('baseline');
			const latest = Object.fromEntries(baseline.data.metrics.map((metric) => [metric.key, metric]));
			expect(latest['val_nan']!.value).toBeNaN();
			expect(latest['val_inf']!.value).toBe(infinity);
			expect(latest['weird']!.value).toBe(-infinity);
			expect(latest['loss']).toMatchObject({step: 2999, value: 1 / 3000});
			expect(latest['dup']!.step).toBe(5);
			for (const metric of baseline.data.metrics) expect(fixture.sqlValues ? [undefined, baseline.info.run_id] : [baseline.info.run_id]).toContain(metric.run_id);
		});

		it('gets one run by id, and nothing for an id that is not there', async () => {
			const baseline = byName('baseline');
			expect((await store.getRun(baseline.info.run_id))?.data.params).toEqual(baseline.data.params);
			expect(await store.getRun('0123456789abcdef0123456789abcdef')).toBeUndefined();
		});

		it('counts runs for the experiments list without reading their data', async () => {
			const counts = await store.countRuns([scenario.experiment_id]);
			const active = await searchAllRuns(store, {experimentIds: [scenario.experiment_id]});
			expect(counts[scenario.experiment_id]).toMatchObject({active: active.length, running: active.filter((run) => run.info.status === 'RUNNING').length});
			expect(counts[scenario.experiment_id]!.lastActivity).toBeGreaterThan(0);
		});

		it('summarises only the runs and keys asked for, with min, max, count and a sample that keeps extremes', async () => {
			const baseline = byName('baseline');
			const answer = await store.getMetricSummaries([baseline.info.run_id], ['loss', 'weird']);
			const loss = answer[baseline.info.run_id]!['loss']!;
			expect(Object.keys(answer[baseline.info.run_id]!).sort()).toEqual(['loss', 'weird']);
			expect(loss).toMatchObject({count: 3000, max: 1, min: 1 / 3000, nonFinite: false});
			expect(loss.sample.length).toBeLessThanOrEqual(128);
			expect(Math.max(...loss.sample)).toBe(1);
			expect(Math.min(...loss.sample)).toBe(1 / 3000);
			expect(answer[baseline.info.run_id]!['weird']).toMatchObject(fixture.sqlValues ? {nonFinite: true, min: -infinity, max: infinity} : {nonFinite: true, min: 1, max: 1});
		});

		it('gives whole histories, and downsampled ones that keep every peak and the first and last point', async () => {
			const baseline = byName('baseline');
			const full = await store.getMetricHistories([baseline.info.run_id], 'loss');
			expect(full.histories[baseline.info.run_id]).toHaveLength(3000);
			expect(full.totals[baseline.info.run_id]).toBe(3000);
			const small = await store.getMetricHistories([baseline.info.run_id], 'loss', {maxPoints: 100});
			const points = small.histories[baseline.info.run_id]!;
			expect(points.length).toBeLessThanOrEqual(100);
			expect(points[0]!.step).toBe(0);
			expect(points.at(-1)!.step).toBe(2999);
			expect(Math.max(...points.map((point) => point.value))).toBe(1);
			const weird = (await store.getMetricHistories([baseline.info.run_id], 'weird')).histories[baseline.info.run_id]!;
			expect(weird.map((point) => point.value)).toEqual([1, Number.NaN, infinity, -infinity]);
			expect((await store.getMetricHistories([baseline.info.run_id], 'no-such-metric')).histories[baseline.info.run_id] ?? []).toEqual([]);
		});

		if (fixture.live) {
			it('says in store terms what changed: a new run, then new points of one metric; the store then shows them', {timeout: 120_000}, async () => {
				const live = await fixture.live!();
				const timeout = fixture.feedTimeoutMs ?? 10_000;
				try {
					const feed = live.store.follow({});
					await feed.ready();
					const seenRun = waitForChange(live.store, feed, (change) => change.everything || change.experimentRuns.includes(live.experimentId) || change.runs.some((run) => run.experimentId === live.experimentId), timeout);
					const runId = await live.createRun(live.experimentId, 'contract-live');
					await seenRun;
					expect(ids(await searchAllRuns(live.store, {experimentIds: [live.experimentId]}))).toContain(runId);

					const seenMetric = waitForChange(live.store, feed, (change) => change.everything || change.runs.some((run) => run.runId === runId && (run.metrics === undefined || run.metrics.includes('loss'))), timeout);
					await live.logMetric(runId, 'loss', 0.5, 7);
					const change = await seenMetric;
					expect(JSON.stringify(change)).not.toMatch(/\/|\\/);
					const run = await live.store.getRun(runId);
					expect(run?.data.metrics.find((metric) => metric.key === 'loss')).toMatchObject({value: 0.5, step: 7});
					await feed.close();
				} finally {
					await live.close();
				}
			});
		}
	});
}
