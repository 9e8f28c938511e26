import {describe, expect, it} from 'vitest';
import {
	SearchSyntaxError,
	compareRuns,
	ilike,
	like,
	matchesFilter,
	parseFilter,
	parseOrderBy,
	searchRuns,
} from '../../source/store/search/index.js';
import type {Run, RunStatus} from '../../source/store/types.js';

interface RunSpec {
	id: string;
	name: string;
	start?: number;
	end?: number;
	status?: RunStatus;
	metrics?: Record<string, number>;
	params?: Record<string, string>;
	tags?: Record<string, string>;
	datasets?: Array<{name: string; digest: string; context?: string}>;
}

function makeRun(spec: RunSpec): Run {
	const pairs = (record: Record<string, string> = {}) => Object.entries(record).map(([key, value]) => ({key, value}));
	return {
		info: {
			run_uuid: spec.id,
			run_id: spec.id,
			run_name: spec.name,
			experiment_id: '1',
			user_id: 'ana',
			status: spec.status ?? 'FINISHED',
			...(spec.start === undefined ? {} : {start_time: spec.start}),
			...(spec.end === undefined ? {} : {end_time: spec.end}),
			artifact_uri: `file:///mlruns/1/${spec.id}/artifacts`,
			lifecycle_stage: 'active',
		},
		data: {
			metrics: Object.entries(spec.metrics ?? {}).map(([key, value]) => ({key, value, timestamp: 0, step: 0})),
			params: pairs(spec.params),
			tags: [...pairs(spec.tags), {key: 'mlflow.runName', value: spec.name}],
		},
		inputs: {
			dataset_inputs: (spec.datasets ?? []).map((dataset) => ({
				tags: dataset.context === undefined ? [] : [{key: 'mlflow.data.context', value: dataset.context}],
				dataset: {name: dataset.name, digest: dataset.digest, source_type: 'http', source: '{}'},
			})),
			model_inputs: [],
		},
		outputs: {model_outputs: []},
	};
}

// The runs of the MLflow 3.1.4 comparison: the expectations below marked "MLflow" are what
// search_runs returned for the same runs in a file store and a SQLite store.
const runs: Run[] = [
	makeRun({
		id: 'a1', name: 'alpha', start: 1000, end: 1500, status: 'FINISHED',
		metrics: {acc: 0.9, loss: 0.5, 'val loss': 1, 'train/loss': 2, zero: 0},
		params: {lr: '0.01', model: 'rf', 'my param': 'x'},
		tags: {team: 'vision', note: 'plain', sym: '\uFF21'},
		datasets: [{name: 'mnist', digest: 'd1g3st', context: 'training'}],
	}),
	makeRun({
		id: 'b2', name: 'Beta', start: 2000, end: 2500, status: 'FAILED',
		metrics: {acc: NaN, loss: 0.7, zero: NaN},
		params: {lr: '0.1', model: 'RF'},
		tags: {team: 'Vision', note: 'line1\nline2', sym: '\u{1D49C}'},
		datasets: [{name: 'MNIST', digest: 'ABC123', context: 'eval'}, {name: 'cifar', digest: 'c1f4r'}],
	}),
	makeRun({
		id: 'c3', name: 'gamma.1', start: 2000, status: 'RUNNING',
		metrics: {acc: 0.5},
		params: {model: 'r.f', expr: 'x+y'},
		tags: {team: 'a%b', sym: 'z'},
	}),
	makeRun({
		id: 'd4', name: 'δelta', start: 500, end: 600, status: 'KILLED',
		metrics: {acc: Infinity, loss: -1},
		params: {model: 'rxf'},
		tags: {team: 'vision'},
		datasets: [{name: 'mnist', digest: '0000', context: 'test'}],
	}),
	makeRun({
		id: 'e5', name: 'eps', start: 3000, end: 3100, status: 'FINISHED',
		metrics: {acc: -Infinity, loss: 0.2},
		params: {lr: '1e-3', model: 'rf '},
		tags: {sym: 'a'},
	}),
];

const names = (selected: Run[]) => selected.map((run) => run.info.run_name);
const matching = (filter: string) => names(searchRuns(runs, {filter})).sort();
const ordered = (...orderBy: string[]) => names(searchRuns(runs, {orderBy}));

function syntaxError(action: () => unknown): SearchSyntaxError {
	try {
		action();
	} catch (error) {
		if (error instanceof SearchSyntaxError) return error;
		throw error;
	}
	throw new Error('expected a SearchSyntaxError');
}

describe('filter semantics (as MLflow 3.1.4 returned them)', () => {
	it.each([
		['metrics.acc > 0.8', ['alpha', 'δelta']],
		['metrics.acc >= 0.5', ['alpha', 'gamma.1', 'δelta']],
		['metrics.acc < 0', ['eps']],
		['metrics.acc = 0.9', ['alpha']],
		['metrics.acc > -.5', ['alpha', 'gamma.1', 'δelta']],
		['metrics.acc > 1e300', ['δelta']],
		['metrics.loss != 0.5', ['Beta', 'eps', 'δelta']],
		['metrics.`val loss` = 1', ['alpha']],
		['metrics.`train/loss` >= 2', ['alpha']],
		["params.lr = '0.01'", ['alpha']],
		['params.lr = "0.1"', ['Beta']],
		["params.lr != '0.01'", ['Beta', 'eps']],
		["params.model = 'rf'", ['alpha']],
		["params.\"my param\" = 'x'", ['alpha']],
		["tags.team = 'vision'", ['alpha', 'δelta']],
		["tags.team != 'vision'", ['Beta', 'gamma.1']],
		["tags.team ILIKE 'VISION'", ['Beta', 'alpha', 'δelta']],
		["tags.mlflow.runName = 'alpha'", ['alpha']],
		["tags.`mlflow.runName` LIKE '%a'", ['Beta', 'alpha', 'δelta']],
		["status = 'FINISHED'", ['alpha', 'eps']],
		["status = 'finished'", []],
		["attr.status = 'KILLED'", ['δelta']],
		["run.status = 'FAILED'", ['Beta']],
		["run_name ILIKE 'beta'", ['Beta']],
		["attributes.`run name` = 'alpha'", ['alpha']],
		["attributes.\"Run name\" = 'Beta'", ['Beta']],
		["`Run Name` LIKE 'g%'", ['gamma.1']],
		['start_time = 2000', ['Beta', 'gamma.1']],
		['created > 1500', ['Beta', 'eps', 'gamma.1']],
		['Created <= 500', ['δelta']],
		['end_time != 0', ['Beta', 'alpha', 'eps', 'δelta']],
		["datasets.name = 'mnist'", ['alpha', 'δelta']],
		["datasets.name != 'mnist'", ['Beta']],
		["datasets.name IN ('mnist', 'cifar')", ['Beta', 'alpha', 'δelta']],
		["datasets.name NOT IN ('mnist')", ['Beta']],
		["datasets.context = 'training'", ['alpha']],
		["datasets.context != 'training'", ['Beta', 'δelta']],
		["datasets.context IN ('eval', 'test')", ['Beta', 'δelta']],
		["dataset.name = 'cifar'", ['Beta']],
		["metrics.acc > 0 AND status = 'FINISHED' and tags.team = 'vision'", ['alpha']],
		["params.model LIKE 'r%' aNd metrics.loss < 1", ['alpha', 'eps', 'δelta']],
	])('%s', (filter, expected) => {
		expect(matching(filter)).toEqual(expected);
	});

	it('never matches a run that lacks the key, not even with !=', () => {
		expect(matching('metrics.nosuch != 1')).toEqual([]);
		expect(matching("params.nosuch != 'x'")).toEqual([]);
		// gamma.1 has no loss metric, eps and Beta have no team tag / Beta no lr.
		expect(matching('metrics.loss != 12345')).not.toContain('gamma.1');
		expect(matching("tags.team != 'nobody'")).not.toContain('eps');
		expect(matching('end_time > 0')).not.toContain('gamma.1');
	});

	it('treats a NaN latest value like a Python float: only != matches', () => {
		expect(matching('metrics.acc != 0.9')).toContain('Beta');
		expect(matching('metrics.acc != 12345')).toContain('Beta');
		for (const filter of ['metrics.acc < 1', 'metrics.acc > -1', 'metrics.zero = 0', 'metrics.zero >= 0', 'metrics.zero <= 0']) {
			expect(matching(filter), filter).not.toContain('Beta');
		}
		expect(matching('metrics.zero != 0')).toEqual(['Beta']);
	});

	it('compares infinite latest values as numbers', () => {
		expect(matching('metrics.acc > 100')).toEqual(['δelta']);
		expect(matching('metrics.acc < -100')).toEqual(['eps']);
	});

	it('matches dataset names and digests in IN lists whatever their case (MLflow 3.1 dropped those)', () => {
		expect(matching("datasets.name IN ('MNIST')")).toEqual(['Beta']);
		expect(matching("datasets.digest IN ('0000')")).toEqual(['δelta']);
	});

	it('does not count dataset inputs without a context in datasets.context', () => {
		// Beta's cifar input has no context; its eval input does not equal 'eval' only for !=.
		expect(matching("datasets.context != 'eval'")).toEqual(['alpha', 'δelta']);
		expect(matching("datasets.context NOT IN ('eval')")).toEqual(['alpha', 'δelta']);
	});

	it('tests whether a run has a param or tag with IS NULL / IS NOT NULL (MLflow 3.17)', () => {
		expect(matching('tags.team IS NULL')).toEqual(['eps']);
		expect(matching('tags.team is not null')).toEqual(['Beta', 'alpha', 'gamma.1', 'δelta']);
		expect(matching('params.lr IS NULL and tags.team IS NOT NULL')).toEqual(['gamma.1', 'δelta']);
	});

	it('compares start and end times with any number, as the SQL store and MLflow 3.17 do', () => {
		expect(matching('start_time > 1.5')).toHaveLength(5);
		expect(matching('start_time = 1e3')).toEqual(['alpha']);
	});

	it('selects by run id with IN and NOT IN', () => {
		expect(matching("attributes.run_id IN ('a1', 'e5')")).toEqual(['alpha', 'eps']);
		expect(matching("run_id NOT IN ('a1', 'e5',)")).toEqual(['Beta', 'gamma.1', 'δelta']);
		expect(matching("run_id in ('b2') and run_id not in ('c3')")).toEqual(['Beta']);
	});

	it('matches every run for an empty or blank filter, and ignores stray ANDs as MLflow does', () => {
		expect(matching('')).toHaveLength(5);
		expect(matching('   \t')).toHaveLength(5);
		expect(searchRuns(runs, {})).toHaveLength(5);
		expect(parseFilter('')).toEqual([]);
		expect(matching('metrics.acc > 0 and')).toEqual(['alpha', 'gamma.1', 'δelta']);
		expect(matching('and metrics.acc > 0 AND AND metrics.acc < 1')).toEqual(['alpha', 'gamma.1']);
	});

	it('keeps the text of a quoted value verbatim, like MLflow (no SQL unescaping)', () => {
		const quoted = makeRun({id: 'q', name: 'q', start: 1, tags: {who: "it's", pair: "it''s"}});
		expect(matchesFilter(quoted, parseFilter('tags.who = "it\'s"'))).toBe(true);
		expect(matchesFilter(quoted, parseFilter("tags.pair = 'it''s'"))).toBe(true);
		expect(matchesFilter(quoted, parseFilter("tags.who = 'it''s'"))).toBe(false);
	});

	it('parses keys, aliases and operators into canonical clauses', () => {
		expect(parseFilter("tags.mlflow.runName = 'x' and Created >= 5 and metrics.`a b`<=-1e-3")).toEqual([
			{kind: 'string', entity: 'tag', key: 'mlflow.runName', op: '=', value: 'x'},
			{kind: 'number', entity: 'attribute', key: 'start_time', op: '>=', value: 5},
			{kind: 'number', entity: 'metric', key: 'a b', op: '<=', value: -0.001},
		]);
		expect(parseFilter("`params`.'my p' ilike 'A%' and run_id not in ('x')")).toEqual([
			{kind: 'string', entity: 'param', key: 'my p', op: 'ILIKE', value: 'A%'},
			{kind: 'list', entity: 'attribute', key: 'run_id', op: 'NOT IN', values: ['x']},
		]);
		expect(parseFilter('"status" = \'FAILED\'')).toEqual([
			{kind: 'string', entity: 'attribute', key: 'status', op: '=', value: 'FAILED'},
		]);
	});
});

describe('LIKE and ILIKE', () => {
	it('are true SQL LIKE: only % and _ are wildcards (MLflow file store treats . and + as regex)', () => {
		expect(matching("params.model LIKE 'r_f'")).toEqual(['gamma.1', 'δelta']);
		// The file store also returns δelta (rxf) here, because its `.` is a regex wildcard.
		expect(matching("params.model LIKE 'r.f'")).toEqual(['gamma.1']);
		expect(matching("params.expr LIKE 'x+y'")).toEqual(['gamma.1']);
		expect(like('a(b)c', 'a(b)_')).toBe(true);
		expect(like('a^b$', '%^b$')).toBe(true);
		expect(like('axb', 'a[x]b')).toBe(false);
		expect(like('a\\b', 'a\\b')).toBe(true);
	});

	it('LIKE is case-sensitive and anchored at both ends; ILIKE is not case-sensitive', () => {
		expect(matching("params.model LIKE 'R%'")).toEqual(['Beta']);
		expect(matching("params.model LIKE 'rf'")).toEqual(['alpha']);
		expect(matching("params.model LIKE 'rf%'")).toEqual(['alpha', 'eps']);
		expect(matching("params.model ILIKE 'rf'")).toEqual(['Beta', 'alpha']);
		expect(ilike('ΔELTA', 'δelta')).toBe(true);
		expect(matching("run_name ILIKE 'ΔELTA'")).toEqual(['δelta']);
	});

	it('lets % span newlines and _ stand for one whole character', () => {
		expect(matching("tags.note LIKE '%line2'")).toEqual(['Beta']);
		expect(matching("tags.note LIKE 'line1_line2'")).toEqual(['Beta']);
		expect(matching("tags.sym LIKE '_'")).toEqual(['Beta', 'alpha', 'eps', 'gamma.1']);
	});

	it('has no escape character: % after a backslash is still a wildcard', () => {
		expect(matching("tags.team LIKE 'a%b'")).toEqual(['gamma.1']);
		expect(like('a%b', 'a\\%b')).toBe(false);
		expect(like('a\\xyz', 'a\\%')).toBe(true);
	});
});

describe('filter errors', () => {
	it('points at the bad token with a caret', () => {
		const error = syntaxError(() => parseFilter('metrics.acc >> 0.9'));
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('SearchSyntaxError');
		expect(error.position).toBe(13);
		expect(error.token).toBe('>');
		expect(error.message).toMatch(/^expected a value after '>'/);
		expect(error.pointer()).toBe('metrics.acc >> 0.9\n             ^');
	});

	it('points past the end when the filter stops early', () => {
		const error = syntaxError(() => parseFilter('metrics.acc >'));
		expect(error.position).toBe(13);
		expect(error.token).toBe('');
		expect(error.pointer().split('\n')[1]).toBe(' '.repeat(13) + '^');
	});

	it.each([
		["metrics.acc = 1 or params.x = 'a'", 16, 'OR is not supported: MLflow filters only join comparisons with AND'],
		["tags.x = 'a' || tags.y = 'b'", 13, 'OR is not supported'],
		['not metrics.acc = 1', 0, 'NOT is not supported'],
		['(metrics.acc = 1)', 0, 'parentheses are not supported'],
		["metrics.acc = 1 and (params.x = 'a')", 20, 'parentheses are not supported'],
		['params.lr = 0.01', 12, "params compare strings: quote the value, e.g. params.lr = '0.01'"],
		['tags.team = vision', 12, "tags compare strings: quote the value, e.g. tags.team = 'vision'"],
		["status IN ('FINISHED')", 7, 'IN is only allowed for attributes.run_id'],
		["params.x NOT IN ('a')", 9, 'NOT IN is only allowed for attributes.run_id'],
		['mtrics.acc > 1', 0, "unknown entity 'mtrics': did you mean 'metrics'?"],
		['METRICS.acc > 1', 0, "write 'metrics', not 'METRICS'"],
		['acc > 0.9', 0, 'for a metric, param or tag write metrics.acc'],
		["stauts = 'x'", 0, "did you mean 'status'?"],
		["lifecycle_stage = 'active'", 0, "unknown attribute 'lifecycle_stage'"],
		["datasets.size = 'x'", 9, 'datasets can be filtered by name, digest or context'],
		['metrics.train/loss > 1', 13, 'must be quoted with backticks: metrics.`train/loss`'],
		["run name = 'x'", 0, 'quote names with a space: write `run name`'],
		["metrics.acc > '1'", 14, 'metrics compare numbers: drop the quotes'],
		['metrics.acc > nan', 14, 'no NaN or infinity literal'],
		["metrics.acc LIKE '0%'", 12, 'metrics compare numbers with =, !=, >, >=, < or <='],
		["params.lr > '0'", 10, "params compare strings with =, !=, LIKE or ILIKE, not '>'"],
		["datasets.name > 'a'", 14, 'datasets.name compares strings'],
		['metrics.acc == 0.9', 12, "write '='"],
		['metrics.acc <> 0.9', 12, "write '!='"],
		["params.model NOT LIKE 'r%'", 13, 'NOT LIKE is not supported'],
		['metrics.acc IS NULL', 12, 'IS NULL only works for params and tags'],
		['status IS NOT NULL', 7, 'IS NOT NULL only works for params and tags'],
		["tags.x IS 'a'", 10, 'expected NULL or NOT NULL after IS'],
		["tags.x IS NULL = 'a'", 15, "expected AND or the end of the filter, found '='"],
		["params.x = 'abc", 11, "this ' is never closed"],
		["run_id IN ()", 11, 'IN needs at least one quoted value'],
		["run_id IN (1, 2)", 11, 'IN lists hold quoted strings'],
		["run_id IN ('a'", 10, "this list is never closed"],
		['metrics.a > 1 metrics.b < 2', 14, "expected AND before 'metrics.b'"],
		['metrics.a = 1;', 13, "not ';'"],
		['metrics. > 1', 8, "expected a key after 'metrics.'"],
		['metrics > 1', 0, "'metrics' needs a key"],
		['"metrics".acc > 1', 0, 'quote an entity with backticks'],
		['= 1', 0, 'expected a key such as metrics.accuracy'],
	])('%s', (filter, position, message) => {
		const error = syntaxError(() => parseFilter(filter));
		expect(error.message).toContain(message);
		expect(error.position).toBe(position);
	});
});

describe('order_by', () => {
	it('puts NaN and then missing values last in both directions (as MLflow did)', () => {
		expect(ordered('metrics.acc ASC')).toEqual(['eps', 'gamma.1', 'alpha', 'δelta', 'Beta']);
		expect(ordered('metrics.acc DESC')).toEqual(['δelta', 'alpha', 'gamma.1', 'eps', 'Beta']);
		expect(ordered('metrics.zero ASC')).toEqual(['alpha', 'Beta', 'eps', 'gamma.1', 'δelta']);
		expect(ordered('metrics.zero DESC')).toEqual(['alpha', 'Beta', 'eps', 'gamma.1', 'δelta']);
		expect(ordered('metrics.loss')).toEqual(['δelta', 'eps', 'alpha', 'Beta', 'gamma.1']);
		expect(ordered('end_time DESC')).toEqual(['eps', 'Beta', 'alpha', 'δelta', 'gamma.1']);
	});

	it('orders strings by code point, not by UTF-16 unit', () => {
		// U+FF21 < U+1D49C, although the latter's first UTF-16 unit (0xD835) is smaller.
		expect(ordered('tags.sym ASC')).toEqual(['eps', 'gamma.1', 'alpha', 'Beta', 'δelta']);
		expect(ordered('tags.sym DESC')).toEqual(['Beta', 'alpha', 'gamma.1', 'eps', 'δelta']);
		expect(ordered('run_name')).toEqual(['Beta', 'alpha', 'eps', 'gamma.1', 'δelta']);
		expect(ordered('params.lr DESC')).toEqual(['eps', 'Beta', 'alpha', 'gamma.1', 'δelta']);
	});

	it('applies clauses left to right, then start_time DESC, then run_id ASC', () => {
		expect(ordered()).toEqual(['eps', 'Beta', 'gamma.1', 'alpha', 'δelta']);
		expect(ordered('tags.team ASC', 'metrics.acc DESC')).toEqual(['Beta', 'gamma.1', 'δelta', 'alpha', 'eps']);
		expect(ordered('tags.team DESC', 'run_name ASC')).toEqual(['alpha', 'δelta', 'gamma.1', 'Beta', 'eps']);
		expect(ordered('attributes.start_time ASC')).toEqual(['δelta', 'alpha', 'Beta', 'gamma.1', 'eps']);
		expect(ordered('start_time ASC', 'run_id DESC')).toEqual(['δelta', 'alpha', 'gamma.1', 'Beta', 'eps']);
		expect(ordered('status')).toEqual(['Beta', 'eps', 'alpha', 'δelta', 'gamma.1']);
	});

	it('sorts runs without a start time after the others by default', () => {
		const undated = makeRun({id: '0', name: 'undated'});
		expect(names([undated, ...runs].sort(compareRuns([]))).at(-1)).toBe('undated');
	});

	it('parses directions case-insensitively, quoted keys and the created alias', () => {
		expect(parseOrderBy(['metrics.rmse', 'params.`my p` desc', 'created Desc', 'tags.mlflow.runName ASC', 'metrics."a.b" DESC'])).toEqual([
			{entity: 'metric', key: 'rmse', ascending: true},
			{entity: 'param', key: 'my p', ascending: false},
			{entity: 'attribute', key: 'start_time', ascending: false},
			{entity: 'tag', key: 'mlflow.runName', ascending: true},
			{entity: 'metric', key: 'a.b', ascending: false},
		]);
		expect(ordered('params.`my param` desc')).toEqual(['alpha', 'eps', 'Beta', 'gamma.1', 'δelta']);
	});

	it.each([
		['metrics.rmse up', 13, 'expected ASC or DESC'],
		['metrics.rmse ASC DESC', 17, 'expected the end of the order_by clause'],
		['metrics.rmse, params.x', 12, 'its own order_by clause'],
		['datasets.name', 0, 'cannot be ordered by dataset'],
		['`run name`', 0, 'order by run_name'],
		['metrics.rmse NULLS LAST', 13, 'NULLS FIRST/LAST is not supported'],
		['foo DESC', 0, "unknown attribute 'foo'"],
		['', 0, 'needs a key'],
	])('rejects %j', (clause, position, message) => {
		const error = syntaxError(() => parseOrderBy([clause]));
		expect(error.message).toContain(message);
		expect(error.position).toBe(position);
		expect(error.pointer().split('\n')[0]).toBe(clause);
	});
});

describe('searchRuns', () => {
	it('filters, orders and then limits', () => {
		expect(names(searchRuns(runs, {filter: 'metrics.loss > 0', orderBy: ['metrics.loss DESC'], maxResults: 2}))).toEqual(['Beta', 'alpha']);
		expect(names(searchRuns(runs, {filter: 'metrics.loss > 0', orderBy: ['metrics.loss DESC']}))).toEqual(['Beta', 'alpha', 'eps']);
	});

	it('reports a bad order_by even when nothing matches, and leaves its input alone', () => {
		expect(() => searchRuns([], {orderBy: ['metrics.x sideways']})).toThrow(SearchSyntaxError);
		const input = [...runs];
		searchRuns(input, {orderBy: ['run_name']});
		expect(input).toEqual(runs);
	});
});
