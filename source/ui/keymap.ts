// Every key binding, in one table. The central key handler looks keys up here and the
// help screen is printed from it, so the two cannot disagree.

export type KeyContext = 'global' | 'list' | 'experiments' | 'runs' | 'detail' | 'compare' | 'chart' | 'models' | 'running' | 'help' | 'artifact' | 'sort' | 'filter' | 'export';

export type ActionName =
	| 'quit'
	| 'help'
	| 'back'
	| 'next-pane'
	| 'prev-pane'
	| 'pane-experiments'
	| 'pane-runs'
	| 'pane-detail'
	| 'pane-compare'
	| 'pane-models'
	| 'pane-running'
	| 'reload'
	| 'health'
	| 'webui'
	| 'copy'
	| 'open-web'
	| 'export'
	| 'search'
	| 'compare'
	| 'down'
	| 'up'
	| 'top'
	| 'bottom'
	| 'page-down'
	| 'page-up'
	| 'open'
	| 'toggle-deleted'
	| 'mark'
	| 'clear-marks'
	| 'sort'
	| 'reverse-sort'
	| 'fold'
	| 'next-metric'
	| 'columns-left'
	| 'columns-right'
	| 'prev-tab'
	| 'next-tab'
	| 'x-axis'
	| 'system-tags'
	| 'prev-column'
	| 'next-column'
	| 'diff-only'
	| 'baseline'
	| 'flip-direction'
	| 'drop-run'
	| 'prev-chart-metric'
	| 'next-chart-metric'
	| 'sort-choose'
	| 'filter-apply'
	| 'filter-cancel'
	| 'filter-clear'
	| 'export-csv'
	| 'export-json'
	| 'export-md';

export interface Binding {
	/** Key names as produced by keyName(): 'j', 'G', 'down', 'enter', 'ctrl-d', 'space'... */
	keys: string[];
	action: ActionName;
	description: string;
	context: KeyContext;
}

export const keymap: Binding[] = [
	{context: 'global', keys: ['q', 'ctrl-c'], action: 'quit', description: 'quit (the terminal is restored)'},
	{context: 'global', keys: ['?'], action: 'help', description: 'this help'},
	{context: 'global', keys: ['esc'], action: 'back', description: 'back, or close what is open'},
	{context: 'global', keys: ['tab'], action: 'next-pane', description: 'next pane'},
	{context: 'global', keys: ['shift-tab'], action: 'prev-pane', description: 'previous pane'},
	{context: 'global', keys: ['1'], action: 'pane-experiments', description: 'experiments'},
	{context: 'global', keys: ['2'], action: 'pane-runs', description: 'runs'},
	{context: 'global', keys: ['3'], action: 'pane-detail', description: 'run detail'},
	{context: 'global', keys: ['4'], action: 'pane-compare', description: 'comparison of the marked runs'},
	{context: 'global', keys: ['5'], action: 'pane-models', description: 'model registry'},
	{context: 'global', keys: ['6', 'R'], action: 'pane-running', description: 'running now: every RUNNING run, in all experiments'},
	{context: 'global', keys: ['c'], action: 'compare', description: 'compare the marked runs'},
	{context: 'global', keys: ['r'], action: 'reload', description: 're-read the store now'},
	{context: 'global', keys: ['H'], action: 'health', description: 'store health'},
	{context: 'global', keys: ['W'], action: 'webui', description: "start or stop MLflow's web UI (a server store: show its URL)"},
	{context: 'global', keys: ['y'], action: 'copy', description: "copy the run's id (run detail: the value under the cursor)"},
	{context: 'global', keys: ['o'], action: 'open-web', description: 'open the selected run in the web UI (W starts it)'},
	{context: 'global', keys: ['e'], action: 'export', description: 'export the runs or the comparison: CSV, JSON, Markdown'},

	{context: 'list', keys: ['j', 'down'], action: 'down', description: 'down'},
	{context: 'list', keys: ['k', 'up'], action: 'up', description: 'up'},
	{context: 'list', keys: ['g', 'home'], action: 'top', description: 'first'},
	{context: 'list', keys: ['G', 'end'], action: 'bottom', description: 'last'},
	{context: 'list', keys: ['ctrl-d', 'pgdn'], action: 'page-down', description: 'half a page down'},
	{context: 'list', keys: ['ctrl-u', 'pgup'], action: 'page-up', description: 'half a page up'},
	{context: 'list', keys: ['/'], action: 'search', description: 'search names; runs take MLflow filters too (metrics.x < 1)'},

	{context: 'experiments', keys: ['enter', 'l', 'right'], action: 'open', description: 'open the experiment\'s runs'},
	{context: 'experiments', keys: ['D'], action: 'toggle-deleted', description: 'show or hide deleted experiments'},

	{context: 'runs', keys: ['enter', 'l', 'right'], action: 'open', description: 'open the run'},
	{context: 'runs', keys: ['h', 'left'], action: 'back', description: 'back to experiments'},
	{context: 'runs', keys: ['space'], action: 'mark', description: 'mark or unmark the run for comparison'},
	{context: 'runs', keys: ['u'], action: 'clear-marks', description: 'unmark all runs'},
	{context: 'runs', keys: ['s'], action: 'sort', description: 'sort by a column or metric'},
	{context: 'runs', keys: ['S'], action: 'reverse-sort', description: 'reverse the sort'},
	{context: 'runs', keys: ['f'], action: 'fold', description: 'fold or unfold a parent\'s child runs'},
	{context: 'runs', keys: ['m'], action: 'next-metric', description: 'next metric for the sparkline'},
	{context: 'runs', keys: ['['], action: 'columns-left', description: 'scroll columns left'},
	{context: 'runs', keys: [']'], action: 'columns-right', description: 'scroll columns right'},
	{context: 'runs', keys: ['D'], action: 'toggle-deleted', description: 'show or hide deleted runs'},

	{context: 'detail', keys: ['h', 'left'], action: 'prev-tab', description: 'previous section'},
	{context: 'detail', keys: ['l', 'right'], action: 'next-tab', description: 'next section'},
	{context: 'detail', keys: ['enter'], action: 'open', description: 'chart full size or back; on an artifact: preview it'},
	{context: 'detail', keys: ['t'], action: 'x-axis', description: 'chart against step or relative time'},
	{context: 'detail', keys: ['a'], action: 'system-tags', description: 'show or hide mlflow.* tags'},
	{context: 'detail', keys: ['space'], action: 'mark', description: 'mark or unmark this run'},

	{context: 'compare', keys: ['h', 'left'], action: 'prev-column', description: 'previous run'},
	{context: 'compare', keys: ['l', 'right'], action: 'next-column', description: 'next run'},
	{context: 'compare', keys: ['d'], action: 'diff-only', description: 'params: only those that differ, or all'},
	{context: 'compare', keys: ['b'], action: 'baseline', description: 'pin this run as the baseline for deltas (again: unpin)'},
	{context: 'compare', keys: ['i'], action: 'flip-direction', description: 'flip which way is better for this metric'},
	{context: 'compare', keys: ['enter'], action: 'open', description: 'chart this metric across the runs (on a run row: open the run)'},
	{context: 'compare', keys: ['x'], action: 'drop-run', description: 'drop this run from the comparison'},
	{context: 'compare', keys: ['t'], action: 'x-axis', description: 'chart against step or relative time'},

	{context: 'chart', keys: ['j', 'down', 'l', 'right'], action: 'next-chart-metric', description: 'next metric'},
	{context: 'chart', keys: ['k', 'up', 'h', 'left'], action: 'prev-chart-metric', description: 'previous metric'},
	{context: 'chart', keys: ['t'], action: 'x-axis', description: 'against step or relative time'},
	{context: 'chart', keys: ['b'], action: 'baseline', description: 'pin the selected run as baseline'},

	{context: 'models', keys: ['enter'], action: 'open', description: 'open the run a version was made from'},

	{context: 'running', keys: ['enter', 'l', 'right'], action: 'open', description: 'open the run under the cursor'},

	{context: 'artifact', keys: ['h', 'left'], action: 'back', description: 'back to the artifacts'},

	{context: 'sort', keys: ['enter', 'space'], action: 'sort-choose', description: 'sort by this (again: reverse)'},
	{context: 'sort', keys: ['esc', 's'], action: 'back', description: 'close without changing'},

	{context: 'filter', keys: ['enter'], action: 'filter-apply', description: 'apply (empty: no filter)'},
	{context: 'filter', keys: ['esc'], action: 'filter-cancel', description: 'cancel, keep the previous filter'},
	{context: 'filter', keys: ['ctrl-u'], action: 'filter-clear', description: 'clear the text'},

	{context: 'export', keys: ['c'], action: 'export-csv', description: 'CSV'},
	{context: 'export', keys: ['j'], action: 'export-json', description: 'JSON'},
	{context: 'export', keys: ['m'], action: 'export-md', description: 'Markdown'},
	{context: 'export', keys: ['esc'], action: 'back', description: 'cancel'},
];

export const CONTEXT_TITLES: Record<KeyContext, string> = {
	global: 'Anywhere',
	list: 'In lists',
	experiments: 'Experiments',
	runs: 'Runs',
	detail: 'Run detail',
	compare: 'Comparison',
	chart: 'Comparison chart',
	models: 'Models',
	running: 'Running now',
	help: 'Help',
	artifact: 'Artifact preview',
	sort: 'Sort picker',
	filter: 'Search input (/)',
	export: 'Export (e), then',
};

/** The first binding for `key` in the first context that has one. */
export function findBinding(contexts: readonly KeyContext[], key: string): Binding | undefined {
	for (const context of contexts) {
		const binding = keymap.find((candidate) => candidate.context === context && candidate.keys.includes(key));
		if (binding) return binding;
	}
	return undefined;
}

const LABELS: Record<string, string> = {
	down: '↓',
	up: '↑',
	left: '←',
	right: '→',
	enter: 'Enter',
	esc: 'Esc',
	tab: 'Tab',
	'shift-tab': 'Shift-Tab',
	space: 'Space',
	pgdn: 'PgDn',
	pgup: 'PgUp',
	home: 'Home',
	end: 'End',
	backspace: 'Backspace',
};

export function keyLabel(key: string, ascii = false): string {
	if (ascii && ['down', 'up', 'left', 'right'].includes(key)) return key;
	if (key.startsWith('ctrl-')) return `Ctrl-${key.slice(5)}`;
	return LABELS[key] ?? key;
}

/** The first key bound to `action` in `context`, for hints such as "c compare". */
export function keyFor(action: ActionName, context: KeyContext): string | undefined {
	return keymap.find((binding) => binding.action === action && binding.context === context)?.keys[0];
}
