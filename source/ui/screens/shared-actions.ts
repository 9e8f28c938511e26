// Work several screens' keys share: copying a value (y), opening a run in the web UI (o),
// writing an export (e).

import {basename, dirname} from 'node:path';
import {copyToClipboard} from '../terminal/clipboard.js';
import {launchBrowser, openPlan, runPageUrl} from '../terminal/open-url.js';
import {writeExport} from '../export/write-export.js';
import type {ExportFormat, ExportTable} from '../export/export-table.js';
import type {ActionContext, SelectedRun} from './screen.js';

/** Copies through the terminal and says so, with the text itself (to select by hand if the terminal ignores the copy). */
export function copyValue(context: ActionContext, text: string, what: string): void {
	const {env, writeRaw} = context.services;
	void copyToClipboard(text, {env, write: writeRaw}).then((result) => {
		const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
		if (result.caveat) context.flash(`Sent ${what} ${result.via}, but ${result.caveat}: ${shown}`, 'warn');
		else context.flash(`Copied ${what} ${result.via}: ${shown}`);
	});
}

/** The web UI's address, if it is up (or the store is a tracking server, which has its own). */
export function webUiBase(context: ActionContext): string | undefined {
	const web = context.services.webUi;
	if (web?.serverUrl) return web.serverUrl;
	return web?.snapshot?.state === 'ready' ? web.snapshot.url : undefined;
}

export function openInWebUi(context: ActionContext, run: SelectedRun): void {
	const base = webUiBase(context);
	if (!base) {
		const starting = context.services.webUi?.snapshot?.state === 'starting';
		return context.flash(starting ? 'The web UI is still starting; press o again once it is up.' : 'The web UI is not running: W starts it, then o opens the run there.', 'warn');
	}
	const url = runPageUrl(base, run.experimentId, run.runId);
	const plan = openPlan(url, context.services.env);
	const show = (why: string) => {
		context.dispatch({type: 'patch', slice: 'webui', patch: {opened: {label: run.label, url}}});
		context.focus('webui', true);
		context.flash(why);
	};
	if (plan.kind === 'show') return show(plan.reason === 'ssh' ? `Over SSH: open ${run.label} on your laptop with the URL and tunnel shown here.` : `No desktop browser here: ${run.label}'s page is shown here.`);
	void launchBrowser(plan, context.services.env).then((error) => (error ? show(`${error}; the URL is shown here.`) : context.flash(`Opened ${run.label} in the browser.`)));
}

export function exportNow(context: ActionContext, table: ExportTable, format: ExportFormat): void {
	const result = writeExport(table, format, {cwd: context.services.cwd, store: context.services.store.description});
	if ('refused' in result) return context.flash(`Not exported: ${result.refused}.`, 'error');
	// Always into the current folder: its name first, so a narrow status bar still shows it.
	const shown = dirname(result.written) === context.services.cwd ? `./${basename(result.written)}` : result.written;
	context.flash(`Wrote ${table.rows.length} row${table.rows.length === 1 ? '' : 's'} (${format.toUpperCase()}) to ${shown}`);
}
