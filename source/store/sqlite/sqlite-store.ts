// MLflow's SQLite tracking store (`mlflow.db`), read-only, behind the store contract.
// Nothing is cached: SQLite answers each question from the file (filtering, ordering,
// counting and summarising in SQL), so every answer is current and a follower only has to
// say when to ask again. Queries that belong together run in one read transaction.

import {homedir} from 'node:os';
import {setImmediate as nextTurn} from 'node:timers/promises';
import type {
	ArtifactContent,
	ChangeFeed,
	ExperimentPage,
	ExperimentSearch,
	FollowOptions,
	HistoryAnswer,
	HistoryOptions,
	RunCounts,
	RunPage,
	RunSearch,
	StoreAbout,
	StoreDescription,
	SummaryAnswer,
	TrackingStore,
} from '../contract.js';
import {encodePageToken, decodePageToken} from '../page-token.js';
import {checkMaxResults, parseRunSearch} from '../search-query.js';
import type {ArtifactListing, Experiment, LoggedModel, Problem, RegisteredModel, Run, RunInfo, TraceSummary} from '../types.js';
import {listRunArtifacts, readRunArtifact} from './artifacts.js';
import {DEFAULT_POLL_MS, SqliteChangePoller, type PollTarget} from './change-poller.js';
import {SqliteConnection} from './connection.js';
import type {DatabaseConstructor} from './driver.js';
import {getExperiment, searchExperiments} from './experiments.js';
import {loggedModels} from './logged-models.js';
import {metricHistories, metricSummaries} from './metrics.js';
import {registeredModels} from './registry.js';
import {loadRuns} from './run-rows.js';
import {experimentKeys, runIdsQuery} from './runs-query.js';
import {detectSchema, type Schema} from './schema.js';
import {traceSummary} from './traces.js';

/** Up to this many ids of one search are kept for its later pages. */
const KEPT_IDS_LIMIT = 100_000;

function tildePath(path: string): string {
	const home = homedir();
	return path === home || path.startsWith(home + '/') ? `~${path.slice(home.length)}` : path;
}

export class SqliteStore implements TrackingStore, PollTarget {
	readonly description: StoreDescription;
	private db: SqliteConnection;
	private tables: Schema;
	private feed?: ChangeFeed;
	/** The ordered ids of the last search, for its next pages. */
	private kept?: {key: string; version: number; ids: string[]};
	/** Bumped whenever the connection or schema is replaced. */
	private generation = 0;

	/** Opens the database at `path` (absolute); throws a StoreError saying why it cannot. */
	constructor(
		private readonly Driver: DatabaseConstructor,
		readonly path: string,
	) {
		this.db = SqliteConnection.open(Driver, path);
		try {
			this.tables = detectSchema(this.db);
		} catch (error) {
			this.db.close();
			throw error;
		}
		this.description = {kind: 'sqlite', uri: `sqlite:///${path}`, label: tildePath(path), localPath: path};
	}

	// PollTarget
	connection(): SqliteConnection {
		return this.db;
	}

	schema(): Schema {
		return this.tables;
	}

	reopen(): void {
		const next = SqliteConnection.open(this.Driver, this.path);
		try {
			this.tables = detectSchema(next);
		} catch (error) {
			next.close();
			throw error;
		}
		this.db.close();
		this.db = next;
		this.generation++;
		this.kept = undefined;
	}

	problems(): Problem[] {
		return [];
	}

	/** Reads start on an event-loop turn of their own, so a chain of them never starves timers and input. */
	private async turn(): Promise<void> {
		await nextTurn();
	}

	async searchExperiments(query: ExperimentSearch = {}): Promise<ExperimentPage> {
		const maxResults = checkMaxResults(query.maxResults, 50_000);
		const {offset} = decodePageToken(query.pageToken);
		await this.turn();
		const rows = this.db.read(() => searchExperiments(this.db, this.tables, query.view ?? 'ACTIVE_ONLY', maxResults + 1, offset));
		const page: ExperimentPage = {experiments: rows.slice(0, maxResults)};
		if (rows.length > maxResults) page.nextPageToken = encodePageToken({offset: offset + maxResults});
		return page;
	}

	async getExperiment(experimentId: string): Promise<Experiment | undefined> {
		await this.turn();
		return this.db.read(() => getExperiment(this.db, this.tables, experimentId));
	}

	async searchRuns(query: RunSearch): Promise<RunPage> {
		// Checked before anything is read: a bad filter is the caller's to fix.
		const search = parseRunSearch(query);
		const experimentIds = experimentKeys(search.experimentIds);
		if (experimentIds.length === 0) return {runs: []};
		const {offset} = search.token;
		await this.turn();
		return this.db.read(() => {
			const ids = this.orderedIds(search, query, experimentIds, offset);
			const page: RunPage = {runs: loadRuns(this.db, this.tables, ids.slice(0, search.maxResults))};
			if (ids.length > search.maxResults) page.nextPageToken = encodePageToken({offset: offset + search.maxResults});
			return page;
		});
	}

	/**
	 * The run ids from `offset` on (at least one page and one more). The whole ordered list
	 * of a search is kept while the database does not change, so paging through it sorts once;
	 * offsets mean what they mean to MLflow either way.
	 */
	private orderedIds(search: ReturnType<typeof parseRunSearch>, query: RunSearch, experimentIds: number[], offset: number): string[] {
		const key = JSON.stringify([experimentIds, query.filter ?? '', query.orderBy ?? [], search.view, this.generation]);
		// A copy in memory changes only when it is read again.
		const version = this.db.inMemoryCopy ? -1 - this.db.reloads : this.db.dataVersion();
		const kept = this.kept;
		if (kept && offset > 0 && kept.key === key && kept.version === version) return kept.ids.slice(offset, offset + search.maxResults + 1);
		const whole = offset === 0 ? KEPT_IDS_LIMIT + 1 : search.maxResults + 1;
		const {sql, params} = runIdsQuery(search, this.tables, experimentIds, whole, offset);
		const ids = this.db.rows(sql, params).map((row) => row[0] as string);
		if (offset > 0) return ids;
		this.kept = ids.length <= KEPT_IDS_LIMIT ? {key, version, ids} : undefined;
		return ids.slice(0, search.maxResults + 1);
	}

	async getRun(runId: string): Promise<Run | undefined> {
		await this.turn();
		return this.db.read(() => loadRuns(this.db, this.tables, [runId])[0]);
	}

	async countRuns(experimentIds: readonly string[]): Promise<Record<string, RunCounts>> {
		await this.turn();
		const out: Record<string, RunCounts> = {};
		for (const id of experimentIds) out[id] = {active: 0, running: 0};
		const keys = experimentKeys(experimentIds);
		if (keys.length === 0) return out;
		const has = (column: string) => this.tables.has('runs', column);
		const start = has('start_time') ? 'COALESCE(r.start_time, 0)' : '0';
		const end = has('end_time') ? 'COALESCE(r.end_time, 0)' : '0';
		const stage = has('lifecycle_stage') ? "COALESCE(r.lifecycle_stage, 'active')" : "'active'";
		// A running run's last activity is also its newest logged point.
		const newestPoint = `COALESCE((SELECT max(m.timestamp) FROM ${this.tables.latestMetrics} m WHERE m.run_uuid = r.run_uuid), 0)`;
		const rows = this.db.all<{experiment_id: unknown; active: number; running: number; last: number | null}>(
			`SELECT r.experiment_id, count(*) AS active, sum(r.status = 'RUNNING') AS running,
			 max(CASE WHEN r.status = 'RUNNING' THEN max(${start}, ${end}, ${newestPoint}) ELSE max(${start}, ${end}) END) AS last
			 FROM runs r WHERE ${stage} = 'active' AND r.experiment_id IN (SELECT value FROM json_each(?)) GROUP BY r.experiment_id`,
			[JSON.stringify(keys)],
		);
		for (const row of rows) {
			const id = String(row.experiment_id);
			const counts: RunCounts = {active: row.active, running: row.running ?? 0};
			if (row.last) counts.lastActivity = row.last;
			for (const wanted of experimentIds) if (wanted === id) out[wanted] = counts;
		}
		return out;
	}

	async getMetricSummaries(runIds: readonly string[], keys?: readonly string[]): Promise<SummaryAnswer> {
		await this.turn();
		return metricSummaries(this.db, this.tables, runIds, keys);
	}

	async getMetricHistories(runIds: readonly string[], key: string, options: HistoryOptions = {}): Promise<HistoryAnswer> {
		await this.turn();
		return metricHistories(this.db, this.tables, runIds, key, options.maxPoints);
	}

	/** What artifacts need of a run: where they are recorded. */
	private artifactInfo(runId: string): RunInfo | undefined {
		const uri = this.tables.has('runs', 'artifact_uri') ? 'artifact_uri' : 'NULL AS artifact_uri';
		const row = this.db.get<{run_uuid: string; experiment_id: unknown; artifact_uri: string | null}>(`SELECT run_uuid, experiment_id, ${uri} FROM runs WHERE run_uuid = ?`, [runId]);
		if (!row) return undefined;
		const info: RunInfo = {run_id: row.run_uuid, run_uuid: row.run_uuid, experiment_id: String(row.experiment_id), user_id: '', status: 'FINISHED', lifecycle_stage: 'active'};
		if (row.artifact_uri) info.artifact_uri = row.artifact_uri;
		return info;
	}

	async listArtifacts(runId: string, path = ''): Promise<ArtifactListing | undefined> {
		await this.turn();
		const info = this.artifactInfo(runId);
		return info ? listRunArtifacts(this.path, info, path) : undefined;
	}

	async readArtifact(runId: string, path: string, maxBytes: number): Promise<ArtifactContent | undefined> {
		await this.turn();
		const info = this.artifactInfo(runId);
		return info ? readRunArtifact(this.path, info, path, maxBytes) : undefined;
	}

	async searchLoggedModels(experimentIds: readonly string[]): Promise<LoggedModel[]> {
		await this.turn();
		return loggedModels(this.db, this.tables, experimentIds);
	}

	async searchRegisteredModels(): Promise<RegisteredModel[]> {
		await this.turn();
		return registeredModels(this.db, this.tables);
	}

	async getTraceSummary(experimentId: string): Promise<TraceSummary> {
		await this.turn();
		return traceSummary(this.db, this.tables, experimentId);
	}

	async about(): Promise<StoreAbout> {
		const about: StoreAbout = {};
		if (this.tables.revision !== undefined) about.schemaRevision = this.tables.revision;
		return about;
	}

	follow(options: FollowOptions = {}): ChangeFeed {
		this.feed ??= new SqliteChangePoller(this, options.pollMs ?? DEFAULT_POLL_MS);
		return this.feed;
	}

	refresh(): void {
		// A schema upgraded behind our back, or a copy in memory that is out of date.
		this.generation++;
		this.kept = undefined;
		try {
			this.db.reloadIfChanged();
			this.tables = detectSchema(this.db);
		} catch {
			// The next read reports what is wrong.
		}
	}

	async close(): Promise<void> {
		await this.feed?.close();
		this.db.close();
	}
}
