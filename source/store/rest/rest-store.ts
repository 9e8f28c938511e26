// A tracking server behind the store contract, over MLflow's REST API (read paths only).
// Searches run on the server with the user's own filter and order (checked here first,
// so a bad filter fails as it does on every backend); page tokens are the server's,
// wrapped. What MLflow's API cannot answer cheaply is said where it is done: run counts
// come from probing pages of one run each, summaries of long histories from a sample.

import {
	MAX_RESULTS_LIMIT,
	type ArtifactContent,
	type ChangeFeed,
	type ExperimentPage,
	type ExperimentSearch,
	type FollowOptions,
	type HistoryAnswer,
	type HistoryOptions,
	type RunCounts,
	type RunPage,
	type RunSearch,
	type StoreAbout,
	type StoreChange,
	type StoreDescription,
	type SummaryAnswer,
	type TrackingStore,
} from '../contract.js';
import {downsample} from '../downsample.js';
import {isLater} from '../metric-line.js';
import {SummaryBuilder} from '../metric-summary.js';
import {InvalidQueryError} from '../page-token.js';
import {ProblemLog} from '../problem-log.js';
import {checkMaxResults, parseRunSearch} from '../search-query.js';
import type {ArtifactListing, Experiment, LoggedModel, Metric, MetricSummary, ModelVersion, Problem, RegisteredModel, Run, TraceSummary, ViewType} from '../types.js';
import {RestChangeFeed} from './change-poller.js';
import {RestError, type HttpClient} from './http-client.js';
import {exactPage, mapLimited, readAllPages, unwrapToken, wrapToken, type ServerPage} from './paging.js';
import {experimentOf, loggedModelOf, metricOf, modelVersionOf, registeredModelOf, runOf} from './wire.js';

/** get-history pages: MLflow's client asks for this many, the most the server gives. */
const HISTORY_PAGE = 25_000;
/** get-history-bulk-interval: run ids per request and steps per run, MLflow's limits. */
const BULK_RUNS = 100;
const BULK_STEPS_LIMIT = 2500;
/** Steps sampled per history for a summary (enough for a sparkline's buckets). */
const SUMMARY_STEPS = 128;
/** A question about this few long histories reads them whole, for exact summaries. */
const EXACT_PAIRS = 4;
const EXACT_PAGES = 2;
/** Every step there can be: bulk-interval starts at step 0 unless told otherwise. */
const STEP_MIN = '-9223372036854775808';
const STEP_MAX = '9223372036854775807';
/** Runs kept for their metric keys and artifact location. */
const RUN_CACHE = 20_000;
/** First page of a run count: a small experiment is counted in one request. */
const COUNT_FIRST_PAGE = 25;
/** Pages of traces counted at most. */
const TRACE_PAGES = 10;
const CONCURRENCY = 4;

interface RawPage {
	next_page_token?: string;
}

interface CountsEntry {
	active: number;
	newest: number;
}

interface SummaryEntry {
	summary: MetricSummary;
	/** The run's latest value of the key when the summary was made. */
	latest: string;
}

const latestSig = (metric: Metric | undefined) => (metric ? `${metric.step}:${metric.timestamp}:${metric.value}` : '');

/** MLflow's offset token, as its stores make and read it. */
function serverOffsetToken(offset: number): string {
	return Buffer.from(JSON.stringify({offset})).toString('base64');
}

function isMissing(error: unknown): boolean {
	return error instanceof RestError && (error.errorCode === 'RESOURCE_DOES_NOT_EXIST' || (error.status === 400 && error.errorCode === 'INVALID_PARAMETER_VALUE'));
}

/** An endpoint this server does not have (older MLflow): Flask's 404 page or ENDPOINT_NOT_FOUND. */
function isNoEndpoint(error: unknown): boolean {
	return error instanceof RestError && (error.status === 404 || error.status === 405 || error.errorCode === 'ENDPOINT_NOT_FOUND') && error.errorCode !== 'RESOURCE_DOES_NOT_EXIST';
}

/** The server's rejection of a search, as the caller's mistake. */
function asQueryError(error: unknown): unknown {
	if (error instanceof RestError && error.status === 400 && error.serverMessage !== undefined) return new InvalidQueryError(`the tracking server rejected the search: ${error.serverMessage}`);
	return error;
}

export class RestStore implements TrackingStore {
	private readonly log = new ProblemLog();
	private readonly runs = new Map<string, Run>();
	private readonly summaries = new Map<string, SummaryEntry>();
	private readonly counts = new Map<string, CountsEntry>();
	private readonly cursors = new Map<string, Set<string>>();
	private cursorCount = 0;
	private storeType?: Promise<string | undefined>;
	private hasBulkInterval = true;
	private feed?: RestChangeFeed;

	constructor(
		readonly http: HttpClient,
		readonly description: StoreDescription,
	) {}

	problems(): Problem[] {
		return this.log.all();
	}

	// ---- caches ----------------------------------------------------------------------------

	/** Remembers runs as the server last described them (LRU). */
	remember(runs: readonly Run[]): void {
		for (const run of runs) {
			this.runs.delete(run.info.run_id);
			this.runs.set(run.info.run_id, run);
		}
		while (this.runs.size > RUN_CACHE) this.runs.delete(this.runs.keys().next().value!);
	}

	/** What the feed found changed: forget what it makes stale, before anyone re-asks. */
	forget(change: StoreChange): void {
		if (change.everything) {
			this.counts.clear();
			this.summaries.clear();
			return;
		}
		for (const id of change.experimentRuns) this.counts.delete(id);
	}

	private newCursor(seen: Iterable<string>): string {
		const id = String(++this.cursorCount);
		this.cursors.set(id, new Set(seen));
		// Searches nobody pages on are dropped oldest first.
		while (this.cursors.size > 32) this.cursors.delete(this.cursors.keys().next().value!);
		return id;
	}

	/** Items a continued search already gave dropped, and the next token with the cursor carried on. */
	private continuePage<T>(items: T[], idOf: (item: T) => string, token: ReturnType<typeof unwrapToken>, serverNext: string | undefined): {items: T[]; next?: string} {
		const seen = token.cursor === undefined ? undefined : this.cursors.get(token.cursor);
		const fresh = seen ? items.filter((item) => !seen.has(idOf(item))) : items;
		const offset = token.offset + items.length;
		if (!serverNext) {
			if (token.cursor !== undefined) this.cursors.delete(token.cursor);
			return {items: fresh};
		}
		let cursor = token.cursor;
		if (seen) for (const item of fresh) seen.add(idOf(item));
		else cursor = this.newCursor(items.map(idOf));
		return {items: fresh, next: wrapToken(serverNext, offset, cursor)};
	}

	// ---- experiments -------------------------------------------------------------------------

	async searchExperiments(query: ExperimentSearch = {}): Promise<ExperimentPage> {
		const view = query.view ?? 'ACTIVE_ONLY';
		const maxResults = checkMaxResults(query.maxResults);
		const token = unwrapToken(query.pageToken);
		let answer: ServerPage<Experiment>;
		try {
			answer = await exactPage(
				async (max, serverToken) => {
					const raw = await this.http.postJson<RawPage & {experiments?: unknown[]}>('mlflow/experiments/search', {max_results: max, view_type: view, ...(serverToken ? {page_token: serverToken} : {})});
					return {items: (raw.experiments ?? []).map(experimentOf), ...(raw.next_page_token ? {next: raw.next_page_token} : {})};
				},
				maxResults,
				token.serverToken,
				MAX_RESULTS_LIMIT,
			);
		} catch (error) {
			throw asQueryError(error);
		}
		const page = this.continuePage(answer.items, (experiment) => experiment.experiment_id, token, answer.next);
		return page.next ? {experiments: page.items, nextPageToken: page.next} : {experiments: page.items};
	}

	async getExperiment(experimentId: string): Promise<Experiment | undefined> {
		try {
			const answer = await this.http.getJson<{experiment?: unknown}>('mlflow/experiments/get', {experiment_id: experimentId});
			return answer.experiment ? experimentOf(answer.experiment) : undefined;
		} catch (error) {
			if (isMissing(error)) return undefined;
			throw error;
		}
	}

	/** Every experiment in a view, for the feed and run counts. */
	async everyExperiment(view: ViewType, options: {once?: boolean; timeoutMs?: number} = {}): Promise<Experiment[]> {
		const {items} = await readAllPages<Experiment>(
			async (token) => {
				const answer = await this.http.postJson<RawPage & {experiments?: unknown[]}>('mlflow/experiments/search', {max_results: 1000, view_type: view, ...(token ? {page_token: token} : {})}, options);
				return {items: (answer.experiments ?? []).map(experimentOf), ...(answer.next_page_token ? {next: answer.next_page_token} : {})};
			},
			(experiment) => experiment.experiment_id,
		);
		return items;
	}

	// ---- runs -------------------------------------------------------------------------------

	/** One runs/search request, as the server answers it. */
	async searchRunsPage(body: {experimentIds: readonly string[]; filter?: string; orderBy?: readonly string[]; view?: ViewType; maxResults: number; serverToken?: string}, options: {once?: boolean; timeoutMs?: number} = {}): Promise<ServerPage<Run>> {
		const answer = await this.http.postJson<RawPage & {runs?: unknown[]}>(
			'mlflow/runs/search',
			{
				experiment_ids: body.experimentIds,
				...(body.filter ? {filter: body.filter} : {}),
				run_view_type: body.view ?? 'ACTIVE_ONLY',
				max_results: body.maxResults,
				...(body.orderBy && body.orderBy.length > 0 ? {order_by: body.orderBy} : {}),
				...(body.serverToken ? {page_token: body.serverToken} : {}),
			},
			options,
		);
		const runs = (answer.runs ?? []).map(runOf);
		this.remember(runs);
		return {items: runs, ...(answer.next_page_token ? {next: answer.next_page_token} : {})};
	}

	/** Every run of a search, each once. */
	async everyRun(query: {experimentIds: readonly string[]; filter?: string; orderBy?: readonly string[]; view?: ViewType}, options: {once?: boolean; timeoutMs?: number; maxItems?: number} = {}): Promise<Run[]> {
		if (query.experimentIds.length === 0) return [];
		const {items} = await readAllPages((token) => this.searchRunsPage({...query, maxResults: 1000, ...(token ? {serverToken: token} : {})}, options), (run) => run.info.run_id, options.maxItems === undefined ? {} : {maxItems: options.maxItems});
		return items;
	}

	async searchRuns(query: RunSearch): Promise<RunPage> {
		// Checked before anything is asked: a bad filter fails as it does on every backend.
		const search = parseRunSearch(query);
		const token = unwrapToken(query.pageToken);
		if (search.experimentIds.length === 0) return {runs: []};
		let page: ServerPage<Run>;
		try {
			page = await exactPage(
				(maxResults, serverToken) =>
					this.searchRunsPage({
						experimentIds: search.experimentIds,
						...(query.filter !== undefined ? {filter: query.filter} : {}),
						...(query.orderBy ? {orderBy: query.orderBy} : {}),
						view: search.view,
						maxResults,
						...(serverToken ? {serverToken} : {}),
					}),
				search.maxResults,
				token.serverToken,
				MAX_RESULTS_LIMIT,
			);
		} catch (error) {
			throw asQueryError(error);
		}
		const continued = this.continuePage(page.items, (run) => run.info.run_id, token, page.next);
		return continued.next ? {runs: continued.items, nextPageToken: continued.next} : {runs: continued.items};
	}

	async getRun(runId: string): Promise<Run | undefined> {
		try {
			const answer = await this.http.getJson<{run?: unknown}>('mlflow/runs/get', {run_id: runId});
			if (!answer.run) return undefined;
			const run = runOf(answer.run);
			this.remember([run]);
			return run;
		} catch (error) {
			if (isMissing(error)) return undefined;
			throw error;
		}
	}

	/** The run as last seen, else asked for. */
	private async knownRun(runId: string): Promise<Run | undefined> {
		return this.runs.get(runId) ?? this.getRun(runId);
	}

	/** What kind of store the server keeps (3.9+ say; older ones do not). */
	private serverStoreType(): Promise<string | undefined> {
		this.storeType ??= this.http
			.getJson<{store_type?: string}>('api/3.0/mlflow/server-info', undefined, {raw: true, once: true, timeoutMs: 10_000})
			.then((info) => info.store_type ?? undefined)
			.catch(() => undefined);
		return this.storeType;
	}

	/**
	 * Active runs of one experiment. MLflow's API has no count: a file store behind the server
	 * reads every run for any page, so one big page is cheapest; a SQL store answers a page of
	 * one run at an offset cheaply, so the count is found by doubling the offset, then halving
	 * the gap (about 2·log2(runs) requests of one run each). A server that refuses such
	 * offsets is paged through.
	 */
	private async countActive(experimentId: string): Promise<number> {
		const base = {experimentIds: [experimentId], view: 'ACTIVE_ONLY' as const};
		if ((await this.serverStoreType()) === 'FileStore') return (await this.everyRun(base)).length;
		const first = await this.searchRunsPage({...base, maxResults: COUNT_FIRST_PAGE});
		if (first.items.length < COUNT_FIRST_PAGE || !first.next) return first.items.length;
		const has = async (offset: number) => (await this.searchRunsPage({...base, maxResults: 1, serverToken: serverOffsetToken(offset)})).items.length > 0;
		try {
			let known = COUNT_FIRST_PAGE - 1;
			let step = COUNT_FIRST_PAGE;
			while (await has(known + step)) {
				known += step;
				step *= 2;
			}
			let beyond = known + step;
			while (beyond - known > 1) {
				const middle = Math.floor((known + beyond) / 2);
				if (await has(middle)) known = middle;
				else beyond = middle;
			}
			return known + 1;
		} catch (error) {
			if (!(error instanceof RestError && error.status === 400)) throw error;
			return (await this.everyRun(base)).length;
		}
	}

	/** Newest start or end among the experiment's active runs (two one-run pages). */
	private async newestTime(experimentId: string): Promise<number> {
		const newest = async (field: 'start_time' | 'end_time') => {
			const page = await this.searchRunsPage({experimentIds: [experimentId], view: 'ACTIVE_ONLY', maxResults: 1, orderBy: [`attributes.${field} DESC`]});
			return page.items[0]?.info[field] ?? 0;
		};
		const [start, end] = await Promise.all([newest('start_time'), newest('end_time')]);
		return Math.max(start, end);
	}

	async countRuns(experimentIds: readonly string[]): Promise<Record<string, RunCounts>> {
		const ids = [...new Set(experimentIds)];
		if (ids.length === 0) return {};
		const running = await this.everyRun({experimentIds: ids, filter: "attributes.status = 'RUNNING'"});
		const out: Record<string, RunCounts> = {};
		await mapLimited(ids, CONCURRENCY, async (experimentId) => {
			// The cached part changes only when runs come or go, which the feed reports.
			let entry = this.feed ? this.counts.get(experimentId) : undefined;
			if (!entry) {
				const [active, newest] = await Promise.all([this.countActive(experimentId), this.newestTime(experimentId)]);
				entry = {active, newest};
				this.counts.set(experimentId, entry);
			}
			const mine = running.filter((run) => run.info.experiment_id === experimentId);
			let last = entry.newest;
			for (const run of mine) {
				last = Math.max(last, run.info.start_time ?? 0);
				for (const metric of run.data.metrics) if (Number.isFinite(metric.timestamp)) last = Math.max(last, metric.timestamp);
			}
			out[experimentId] = {active: entry.active, running: mine.length, ...(last > 0 ? {lastActivity: last} : {})};
		});
		return out;
	}

	// ---- metrics ------------------------------------------------------------------------------

	/** A run's whole history of one key, page by page (max_results always sent). */
	private async fullHistory(runId: string, key: string, maxPages = Number.POSITIVE_INFINITY): Promise<{points: Metric[]; complete: boolean}> {
		const {items, complete} = await readAllPages<Metric>(
			async (token) => {
				const answer = await this.http.getJson<RawPage & {metrics?: unknown[]}>('mlflow/metrics/get-history', {run_id: runId, metric_key: key, max_results: HISTORY_PAGE, ...(token ? {page_token: token} : {})});
				return {items: (answer.metrics ?? []).map(metricOf), ...(answer.next_page_token ? {next: answer.next_page_token} : {})};
			},
			undefined,
			{maxPages: Number.isFinite(maxPages) ? maxPages : 100_000},
		);
		return {points: items, complete};
	}

	/**
	 * Sampled histories of one key for runs of about the same length (the server samples the
	 * union of their steps). `complete` when the server had no more steps than were asked for.
	 */
	private async bulkInterval(runIds: readonly string[], key: string, steps: number): Promise<{byRun: Map<string, Metric[]>; complete: boolean}> {
		const answer = await this.http.getJson<{metrics?: unknown[]}>('mlflow/metrics/get-history-bulk-interval', {run_ids: runIds, metric_key: key, max_results: steps, start_step: STEP_MIN, end_step: STEP_MAX});
		const byRun = new Map<string, Metric[]>();
		const distinct = new Set<number>();
		for (const raw of answer.metrics ?? []) {
			const metric = metricOf(raw);
			const runId = String(metric.run_id ?? '');
			distinct.add(metric.step);
			let points = byRun.get(runId);
			if (!points) byRun.set(runId, (points = []));
			points.push(metric);
		}
		return {byRun, complete: distinct.size < steps};
	}

	/**
	 * Runs grouped by key and by the size of their latest step, so that one request samples
	 * histories of similar length (a short one beside a long one would get few points).
	 */
	private groups(pairs: Array<{runId: string; key: string; latest?: Metric}>): Array<{key: string; runIds: string[]}> {
		const byGroup = new Map<string, {key: string; runIds: string[]}>();
		for (const {runId, key, latest} of pairs) {
			const step = latest?.step ?? 0;
			const size = step <= 0 ? 0 : Math.floor(Math.log2(step + 1));
			const id = `${key}\u0000${size}`;
			let group = byGroup.get(id);
			if (!group) byGroup.set(id, (group = {key, runIds: []}));
			group.runIds.push(runId);
		}
		const out: Array<{key: string; runIds: string[]}> = [];
		for (const group of byGroup.values()) for (let start = 0; start < group.runIds.length; start += BULK_RUNS) out.push({key: group.key, runIds: group.runIds.slice(start, start + BULK_RUNS)});
		return out;
	}

	private summarise(key: string, points: readonly Metric[], latest: Metric | undefined, sampled: boolean): MetricSummary | undefined {
		const builder = new SummaryBuilder(key);
		for (const point of points) builder.add(point);
		const summary = builder.build();
		if (!summary) return undefined;
		// The run's own latest value is the server's answer; a sample might miss a later point.
		if (latest && isLater(latest, summary.latest)) summary.latest = latest;
		if (sampled) summary.sampled = true;
		return summary;
	}

	async getMetricSummaries(runIds: readonly string[], keys?: readonly string[]): Promise<SummaryAnswer> {
		const out: SummaryAnswer = {};
		const runs = await mapLimited([...new Set(runIds)], CONCURRENCY, (runId) => this.knownRun(runId));
		const wanted: Array<{runId: string; key: string; latest?: Metric}> = [];
		for (const run of runs) {
			if (!run) continue;
			const latest = new Map(run.data.metrics.map((metric) => [metric.key, metric]));
			for (const key of keys ?? [...latest.keys()]) {
				if (!latest.has(key)) continue;
				const cacheKey = `${run.info.run_id}\u0000${key}`;
				const cached = this.summaries.get(cacheKey);
				// A history whose latest value has not moved has not grown.
				if (cached && cached.latest === latestSig(latest.get(key))) {
					(out[run.info.run_id] ??= {})[key] = cached.summary;
					continue;
				}
				wanted.push({runId: run.info.run_id, key, latest: latest.get(key)});
			}
		}
		const latestOf = new Map(wanted.map((pair) => [`${pair.runId}\u0000${pair.key}`, pair.latest]));
		const sampledPairs: Array<{runId: string; key: string}> = [];
		const keep = (runId: string, key: string, summary: MetricSummary | undefined) => {
			if (!summary) return;
			(out[runId] ??= {})[key] = summary;
			this.summaries.set(`${runId}\u0000${key}`, {summary, latest: latestSig(latestOf.get(`${runId}\u0000${key}`))});
			while (this.summaries.size > RUN_CACHE) this.summaries.delete(this.summaries.keys().next().value!);
		};
		await mapLimited(this.groups(wanted), CONCURRENCY, async ({key, runIds: group}) => {
			if (this.hasBulkInterval) {
				try {
					const {byRun, complete} = await this.bulkInterval(group, key, SUMMARY_STEPS);
					for (const runId of group) {
						const points = byRun.get(runId);
						if (!points) continue;
						if (!complete) sampledPairs.push({runId, key});
						// From a sample unless complete: count is the points seen, min and max the sample's.
						keep(runId, key, this.summarise(key, points, latestOf.get(`${runId}\u0000${key}`), !complete));
					}
					return;
				} catch (error) {
					if (!isNoEndpoint(error)) throw error;
					this.hasBulkInterval = false;
				}
			}
			await mapLimited(group, CONCURRENCY, async (runId) => {
				const {points, complete} = await this.fullHistory(runId, key, EXACT_PAGES);
				keep(runId, key, this.summarise(key, points, latestOf.get(`${runId}\u0000${key}`), !complete));
			});
		});
		// A question about a few histories (one run's detail, a script) gets them whole when they fit.
		if (sampledPairs.length > 0 && sampledPairs.length <= EXACT_PAIRS) {
			await mapLimited(sampledPairs, CONCURRENCY, async ({runId, key}) => {
				const {points, complete} = await this.fullHistory(runId, key, EXACT_PAGES);
				if (complete) keep(runId, key, this.summarise(key, points, latestOf.get(`${runId}\u0000${key}`), false));
			});
		}
		return out;
	}

	async getMetricHistories(runIds: readonly string[], key: string, options: HistoryOptions = {}): Promise<HistoryAnswer> {
		const answer: HistoryAnswer = {histories: {}, totals: {}};
		const ids = [...new Set(runIds)];
		const whole = async (runId: string) => {
			try {
				const {points} = await this.fullHistory(runId, key);
				if (points.length === 0) return;
				answer.totals[runId] = points.length;
				answer.histories[runId] = options.maxPoints === undefined ? points : pick(points, options.maxPoints);
			} catch (error) {
				if (!isMissing(error)) throw error;
			}
		};
		if (options.maxPoints === undefined || !this.hasBulkInterval) {
			await mapLimited(ids, CONCURRENCY, whole);
			return answer;
		}
		const maxPoints = options.maxPoints;
		// More steps than the chart has columns, so that downsampling here still finds the peaks between them.
		const steps = Math.min(BULK_STEPS_LIMIT, Math.max(500, maxPoints * 8));
		const runs = await mapLimited(ids, CONCURRENCY, (runId) => this.knownRun(runId));
		const pairs = runs.filter((run): run is Run => run !== undefined).map((run) => ({runId: run.info.run_id, key, latest: run.data.metrics.find((metric) => metric.key === key)}));
		const sampled: string[] = [];
		await mapLimited(this.groups(pairs), CONCURRENCY, async ({runIds: group}) => {
			if (this.hasBulkInterval) {
				try {
					const {byRun, complete} = await this.bulkInterval(group, key, steps);
					for (const runId of group) {
						const points = byRun.get(runId);
						if (!points || points.length === 0) continue;
						answer.totals[runId] = points.length;
						answer.histories[runId] = pick(points, maxPoints);
						if (!complete) sampled.push(runId);
					}
					return;
				} catch (error) {
					if (!isNoEndpoint(error)) throw error;
					this.hasBulkInterval = false;
				}
			}
			await mapLimited(group, CONCURRENCY, whole);
		});
		if (sampled.length > 0) answer.sampled = sampled.sort();
		return answer;
	}

	// ---- artifacts, models, traces ------------------------------------------------------------

	async listArtifacts(runId: string, path = ''): Promise<ArtifactListing | undefined> {
		try {
			const answer = await this.http.getJson<{root_uri?: string; files?: Array<{path: string; is_dir?: boolean; file_size?: number | string}>}>('mlflow/artifacts/list', {run_id: runId, ...(path ? {path} : {})});
			const run = this.runs.get(runId);
			return {
				root_uri: answer.root_uri ?? run?.info.artifact_uri ?? '',
				rebased: false,
				files: (answer.files ?? []).map((file) => ({path: String(file.path), is_dir: Boolean(file.is_dir), ...(file.file_size === undefined ? {} : {file_size: Number(file.file_size)})})),
			};
		} catch (error) {
			if (error instanceof RestError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
			throw error;
		}
	}

	async readArtifact(runId: string, path: string, maxBytes: number): Promise<ArtifactContent | undefined> {
		if (path.split('/').some((part) => part === '..') || path.startsWith('/')) return undefined;
		const run = await this.knownRun(runId);
		if (!run) return undefined;
		const uri = run.info.artifact_uri ?? '';
		// Artifacts the server proxies (mlflow-artifacts:) are fetched from its proxy; others through get-artifact.
		const proxied = /^mlflow-artifacts:/.exec(uri) ? uri.replace(/^mlflow-artifacts:(\/\/[^/]*)?/, '').replace(/^\/+|\/+$/g, '') : undefined;
		const answer =
			proxied !== undefined
				? await this.http.getBytes(`api/2.0/mlflow-artifacts/artifacts/${[...proxied.split('/'), ...path.split('/')].filter(Boolean).map(encodeURIComponent).join('/')}`, undefined, maxBytes)
				: await this.http.getBytes('get-artifact', {path, run_id: runId}, maxBytes);
		if (answer.status !== 200) {
			this.log.set(`${runId}#${path}`, [{path: `${this.description.uri} run ${runId} artifact ${path}`, reason: `the server answered ${answer.status}`, effect: 'not shown'}]);
			return undefined;
		}
		const size = answer.size ?? (answer.truncated ? undefined : answer.body.length) ?? (await this.artifactSize(runId, path)) ?? answer.body.length;
		return {bytes: new Uint8Array(answer.body), size, truncated: answer.truncated || size > answer.body.length};
	}

	private async artifactSize(runId: string, path: string): Promise<number | undefined> {
		const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
		const listing = await this.listArtifacts(runId, folder).catch(() => undefined);
		return listing?.files.find((file) => file.path === path)?.file_size;
	}

	async searchLoggedModels(experimentIds: readonly string[]): Promise<LoggedModel[]> {
		const ids = [...new Set(experimentIds)];
		if (ids.length === 0) return [];
		try {
			const {items} = await readAllPages<LoggedModel>(
				async (token) => {
					const answer = await this.http.postJson<RawPage & {models?: unknown[]}>('mlflow/logged-models/search', {experiment_ids: ids, max_results: 100, ...(token ? {page_token: token} : {})});
					return {items: (answer.models ?? []).map(loggedModelOf), ...(answer.next_page_token ? {next: answer.next_page_token} : {})};
				},
				(model) => model.info.model_id,
			);
			return items;
		} catch (error) {
			// Servers before MLflow 3 have no logged models.
			if (isNoEndpoint(error)) return [];
			throw error;
		}
	}

	async searchRegisteredModels(): Promise<RegisteredModel[]> {
		const [models, versions] = await Promise.all([
			readAllPages<unknown>(
				async (token) => {
					const answer = await this.http.getJson<RawPage & {registered_models?: unknown[]}>('mlflow/registered-models/search', {max_results: 1000, ...(token ? {page_token: token} : {})});
					return {items: answer.registered_models ?? [], ...(answer.next_page_token ? {next: answer.next_page_token} : {})};
				},
				(model) => String((model as {name?: string}).name),
			),
			// Every live version at once, rather than a search per model.
			readAllPages<ModelVersion>(
				async (token) => {
					const answer = await this.http.getJson<RawPage & {model_versions?: unknown[]}>('mlflow/model-versions/search', {max_results: 10_000, ...(token ? {page_token: token} : {})});
					return {items: (answer.model_versions ?? []).map(modelVersionOf), ...(answer.next_page_token ? {next: answer.next_page_token} : {})};
				},
				(version) => `${version.name}\u0000${version.version}`,
			),
		]);
		const byName = new Map<string, ModelVersion[]>();
		for (const version of versions.items) {
			let list = byName.get(version.name);
			if (!list) byName.set(version.name, (list = []));
			list.push(version);
		}
		for (const list of byName.values()) list.sort((a, b) => Number(a.version) - Number(b.version));
		return models.items.map((model) => registeredModelOf(model, byName.get(String((model as {name?: string}).name)) ?? []));
	}

	/** Counted from the trace list (at most a few pages; beyond that the count is a floor, said in problems()). */
	async getTraceSummary(experimentId: string): Promise<TraceSummary> {
		const summary: TraceSummary = {total: 0, byState: {}};
		try {
			const {items, complete} = await readAllPages<{request_id?: string; trace_id?: string; status?: string; state?: string}>(
				async (token) => {
					const answer = await this.http.getJson<RawPage & {traces?: Array<{request_id?: string; status?: string}>}>('mlflow/traces', {experiment_ids: [experimentId], max_results: 500, ...(token ? {page_token: token} : {})});
					return {items: answer.traces ?? [], ...(answer.next_page_token ? {next: answer.next_page_token} : {})};
				},
				(trace) => String(trace.request_id ?? trace.trace_id ?? Math.random()),
				{maxPages: TRACE_PAGES},
			);
			for (const trace of items) {
				const state = String(trace.state ?? trace.status ?? 'STATE_UNSPECIFIED');
				summary.total++;
				summary.byState[state] = (summary.byState[state] ?? 0) + 1;
			}
			this.log.set(`traces#${experimentId}`, complete ? [] : [{path: `${this.description.uri} experiment ${experimentId}`, reason: `more than ${items.length} traces; counted the first ${items.length}`, effect: 'trace count is a lower bound'}]);
		} catch (error) {
			if (!isNoEndpoint(error)) throw error;
		}
		return summary;
	}

	// ---- about, following ---------------------------------------------------------------------

	async about(): Promise<StoreAbout> {
		const about: StoreAbout = {};
		try {
			// A round trip says most when nothing else is under way (and a screen's reads go first).
			await this.http.idle(100, 2000);
			const started = performance.now();
			const version = await this.http.getText('version', {timeoutMs: 10_000, once: true});
			about.roundTripMs = Math.round((performance.now() - started) * 10) / 10;
			if (version.status === 200 && /^\d+\.\d+/.test(version.text.trim())) about.serverVersion = version.text.trim();
			else if (version.status === 200 || version.status === 404) about.error = `${this.http.where} answered GET /version with ${version.status === 200 ? 'something other than a version number' : '404'}: not an MLflow tracking server, or a wrong path prefix.`;
			// A read that needs the credentials (and passes the Host check /version is spared).
			await this.http.postJson('mlflow/experiments/search', {max_results: 1, view_type: 'ACTIVE_ONLY'}, {timeoutMs: 10_000, once: true});
			if (this.http.settings.credentials) about.authenticated = true;
		} catch (error) {
			if (error instanceof RestError && error.status === 401) about.authenticated = false;
			about.error ??= (error as Error).message;
		}
		return about;
	}

	follow(options: FollowOptions = {}): ChangeFeed {
		this.feed ??= new RestChangeFeed(this, {pollMs: options.pollMs ?? 2000});
		return this.feed;
	}

	refresh(): void {
		// Runs stay: they only name their keys, and the next search replaces them.
		this.summaries.clear();
		this.counts.clear();
		this.cursors.clear();
	}

	async close(): Promise<void> {
		await this.feed?.close();
		this.http.close();
	}
}

/** At most about `maxPoints` of a history, every peak kept, in step order. */
function pick(points: readonly Metric[], maxPoints: number): Metric[] {
	const kept = downsample({length: points.length, step: (index) => points[index]!.step, value: (index) => points[index]!.value}, maxPoints);
	return kept.map((index) => points[index]!);
}
