// The runs screen's keys, and those of its sort picker (`s`).

import {runLabel} from '../../model/run-label.js';
import {defaultDescending, fieldLabel, sameField} from '../../model/run-sort.js';
import {sortOptions} from '../../model/sort-options.js';
import {resolveCursor} from '../../state/state.js';
import {openRun} from '../detail/state.js';
import type {ActionContext, Keys} from '../screen.js';
import type {RunsModel} from './use-runs-model.js';

/** The run row under the cursor as the state has it (the model lags within a burst of keys). */
function currentRow(context: ActionContext, model: RunsModel) {
	const cursor = context.state.cursors['runs'];
	return cursor ? model.view.rows[resolveCursor(cursor, model.view.rows.length, model.ids)] : model.selectedRow;
}

function setCursor(context: ActionContext, model: RunsModel, index: number): void {
	context.dispatch({type: 'cursor', list: 'runs', index, id: model.ids[index]});
}

export function toggleMark(context: ActionContext, record: RunsModel['records'][number] | undefined): void {
	if (!record) return;
	const {state} = context;
	const id = record.run.info.run_id;
	const marked = state.marks.some((mark) => mark.id === id);
	context.dispatch({type: 'toggle-mark', record});
	const count = state.marks.length + (marked ? -1 : 1);
	context.flash(marked ? `Unmarked ${runLabel(record.run)} (${count} marked)` : `Marked ${runLabel(record.run)} (${count} marked${count >= 2 ? '; c to compare' : ''})`);
}

export const runsKeys: Keys<RunsModel> = {
	open: (context, model) => {
		const row = currentRow(context, model);
		if (!row) return context.flash('No run here.', 'warn');
		setCursor(context, model, model.ids.indexOf(row.id));
		for (const event of openRun()) context.dispatch(event);
		context.dispatch({type: 'focus', pane: 'detail', remember: true});
	},
	mark: (context, model) => {
		const row = currentRow(context, model);
		toggleMark(context, row?.record);
		if (row) setCursor(context, model, Math.min(model.ids.length - 1, model.ids.indexOf(row.id) + 1));
	},
	'clear-marks': (context) => {
		context.dispatch({type: 'clear-marks'});
		context.flash('No runs marked.');
	},
	sort: (context, model) => {
		const options = sortOptions(model.view);
		const index = Math.max(0, options.findIndex((field) => sameField(field, context.state.runs.sort.field)));
		context.dispatch({type: 'cursor', list: 'sort', index});
		context.dispatch({type: 'overlay', overlay: {kind: 'sort'}});
	},
	'reverse-sort': (context) => {
		const sort = context.state.runs.sort;
		context.dispatch({type: 'patch', slice: 'runs', patch: {sort: {...sort, descending: !sort.descending}}});
		context.flash(`Sorted by ${fieldLabel(sort.field)}, ${sort.descending ? 'ascending' : 'descending'}.`);
	},
	fold: (context, model) => {
		const row = currentRow(context, model);
		if (!row) return;
		const toggle = (id: string) => {
			const folded = context.state.runs.folded;
			context.dispatch({type: 'patch', slice: 'runs', patch: {folded: folded.includes(id) ? folded.filter((other) => other !== id) : [...folded, id]}});
		};
		if (row.childCount > 0) return toggle(row.id);
		const rows = model.view.rows;
		const parent = rows.slice(0, rows.indexOf(row)).reverse().find((candidate) => candidate.depth < row.depth);
		if (!parent) return context.flash('This run has no child runs to fold.', 'warn');
		toggle(parent.id);
		context.dispatch({type: 'cursor', list: 'runs', index: rows.indexOf(parent), id: parent.id});
	},
	'next-metric': (context, model) => {
		const keys = model.view.metricKeys;
		if (keys.length === 0) return context.flash('These runs log no metrics.', 'warn');
		const at = keys.indexOf(model.view.primaryMetric ?? '');
		const next = keys[(at + 1) % keys.length]!;
		context.dispatch({type: 'patch', slice: 'runs', patch: {primaryMetric: next}});
		context.flash(`Sparkline: ${next}`);
	},
	'columns-left': (context) => context.dispatch({type: 'patch', slice: 'runs', patch: {columnScroll: Math.max(0, context.state.runs.columnScroll - 1)}}),
	'columns-right': (context, model) => {
		if (context.state.runs.columnScroll >= model.maxColumnScroll) return context.flash('No more columns to the right.');
		context.dispatch({type: 'patch', slice: 'runs', patch: {columnScroll: context.state.runs.columnScroll + 1}});
	},
	'toggle-deleted': (context) => {
		const showDeleted = !context.state.runs.showDeleted;
		context.dispatch({type: 'patch', slice: 'runs', patch: {showDeleted}});
		context.flash(showDeleted ? 'Showing deleted runs too.' : 'Deleted runs hidden.');
	},
};

/** The sort picker's own keys (the list keys move its cursor). */
export const sortPickerKeys: Record<string, (context: ActionContext, model: RunsModel) => void> = {
	'sort-choose': (context, model) => {
		const options = sortOptions(model.view);
		const field = options[resolveCursor(context.state.cursors['sort'], options.length)];
		if (!field) return;
		const current = context.state.runs.sort;
		const descending = sameField(field, current.field) ? !current.descending : defaultDescending(field);
		context.dispatch({type: 'patch', slice: 'runs', patch: {sort: {field, descending}}});
		context.dispatch({type: 'overlay'});
		context.flash(`Sorted by ${fieldLabel(field)}, ${descending ? 'ascending' : 'descending'}.`);
	},
	back: (context) => context.dispatch({type: 'overlay'}),
};
