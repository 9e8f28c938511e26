// Which store MLflow itself would use in this folder. Since 3.7 it is ./mlruns only while
// that holds experiment data, else ./mlflow.db, so a project can end up with runs split
// between the two, and mlwatch (which reads ./mlruns) would not show the new ones.

import {lstatSync, readdirSync, statSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {formatTime} from '../../text/format.js';
import {compareVersions} from '../../webui/find-mlflow.js';
import type {HealthCheck} from '../types.js';

/** MLflow's own test (_has_existing_mlruns_data): an all-digit folder with a meta.yaml. */
export function mlflowSeesFileStore(dir: string): boolean {
	try {
		return readdirSync(dir, {withFileTypes: true}).some((entry) => {
			if (!entry.isDirectory() || !/^\d+$/.test(entry.name)) return false;
			try {
				lstatSync(join(dir, entry.name, 'meta.yaml'));
				return true;
			} catch {
				return false;
			}
		});
	} catch {
		return false;
	}
}

/** Newest write to a SQLite store, counting its write-ahead log. */
function sqliteWrittenAt(db: string): number | undefined {
	let newest: number | undefined;
	for (const path of [db, `${db}-wal`]) {
		try {
			const mtime = statSync(path).mtimeMs;
			newest = newest === undefined ? mtime : Math.max(newest, mtime);
		} catch {
			// no such file
		}
	}
	return newest;
}

export const defaultStore: HealthCheck = {
	id: 'mlflow-default-store',
	title: 'Store MLflow would use here',
	async run(context) {
		const trackingUri = context.env['MLFLOW_TRACKING_URI'];
		if (trackingUri) return {status: 'ok', message: `MLflow uses MLFLOW_TRACKING_URI=${trackingUri}`, fix: ''};
		const mlruns = join(context.cwd, 'mlruns');
		const db = join(context.cwd, 'mlflow.db');
		const mlflow = await context.mlflow();
		const oldRule = mlflow.version !== null && compareVersions(mlflow.version, '3.7.0') < 0;
		const hasRuns = mlflowSeesFileStore(mlruns);
		const dbAt = sqliteWrittenAt(db);
		const shown = context.description?.kind === 'file' ? context.description.localPath : undefined;
		const showsMlruns = shown !== undefined && resolve(shown) === resolve(mlruns);
		const who = mlflow.version ? `MLflow ${mlflow.version}` : 'MLflow 3.7+';
		if (oldRule) {
			return {status: 'ok', message: `${who} uses ./mlruns in ${context.cwd}${hasRuns ? '' : ' (it creates it)'}`, fix: ''};
		}
		if (hasRuns && dbAt !== undefined) {
			const inventory = showsMlruns ? await context.inventory() : undefined;
			const mlrunsAt = inventory?.lastActivityMs;
			if (mlrunsAt !== undefined && dbAt > mlrunsAt) {
				return {
					status: 'warn',
					message: `both ./mlruns and ./mlflow.db are here; ${who} uses ./mlruns, but mlflow.db was written later (${formatTime(dbAt)}, newest run in mlruns ${formatTime(mlrunsAt)}): recent runs may be in mlflow.db`,
					fix: "see what mlflow.db holds with 'mlflow ui --backend-store-uri sqlite:///mlflow.db'; set MLFLOW_TRACKING_URI in your scripts so every run goes to one store",
				};
			}
			return {status: 'ok', message: `both ./mlruns and ./mlflow.db are here; ${who} uses ./mlruns, which holds the newer data`, fix: ''};
		}
		if (hasRuns) return {status: 'ok', message: `${who} uses ./mlruns in ${context.cwd} (it holds experiment data)`, fix: ''};
		const target = dbAt !== undefined ? './mlflow.db' : './mlflow.db (it creates it)';
		if (showsMlruns) {
			return {
				status: 'warn',
				message: `${who} run in ${context.cwd} logs to ${target}, not to the file store mlwatch shows: new runs will not appear here`,
				fix: `set MLFLOW_TRACKING_URI=file://${shown} for your runs (and MLFLOW_ALLOW_FILE_STORE=true on MLflow 3.13+)`,
			};
		}
		return {status: 'ok', message: `in ${context.cwd}, ${who} would log to ${target}${context.description ? '; mlwatch shows the store you named' : ''}`, fix: ''};
	},
};
