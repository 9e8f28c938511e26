// mlwatch follows a store with inotify: one watch per folder. A big store, or an editor
// that already holds most of the user's watches, exhausts the budget.

import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {HealthCheck} from '../types.js';
import {inotifyWatchCountAsync, inotifyWatchLimit} from '../../system/inotify-watches.js';

/** Folders under `root`, counting at most `limit` (enough to compare with the budget). */
async function countFolders(root: string, limit: number): Promise<number> {
	let count = 0;
	const pending = [root];
	while (pending.length > 0 && count < limit) {
		const dir = pending.pop()!;
		count++;
		try {
			for (const entry of await readdir(dir, {withFileTypes: true})) {
				if (entry.isDirectory()) pending.push(join(dir, entry.name));
			}
		} catch {
			// unreadable folders are reported by the store check
		}
	}
	return count;
}

/** Watches held by all of this user's processes: the limit is per user, not per process. */
async function watchesInUse(): Promise<number | undefined> {
	const uid = process.getuid?.();
	let pids: string[];
	try {
		pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
	} catch {
		return undefined;
	}
	let total = 0;
	await Promise.all(
		pids.map(async (pid) => {
			try {
				const status = await readFile(`/proc/${pid}/status`, 'utf8');
				const owner = /^Uid:\s+(\d+)/m.exec(status)?.[1];
				if (uid !== undefined && owner !== String(uid)) return;
				total += (await inotifyWatchCountAsync(Number(pid))) ?? 0;
			} catch {
				// gone or not ours
			}
		}),
	);
	return total;
}

export const inotifyBudget: HealthCheck = {
	id: 'inotify',
	title: 'File-watch budget',
	kinds: ['file'],
	async run(context) {
		const root = context.description?.localPath;
		if (!root) return {status: 'ok', message: 'no store to look at', fix: ''};
		if (process.platform !== 'linux') return {status: 'ok', message: 'not Linux: no inotify limit to check', fix: ''};
		const max = inotifyWatchLimit();
		if (max === undefined) return {status: 'ok', message: 'the inotify limit is not readable here', fix: ''};
		const [folders, used] = await Promise.all([countFolders(root, max + 1), watchesInUse()]);
		const left = used === undefined ? max : Math.max(0, max - used);
		const usedNote = used === undefined ? '' : `, ${used} in use by your programs`;
		const message = `the store has ${folders >= max ? `over ${max}` : folders} folders; inotify allows ${max} watches${usedNote}`;
		const fix = `raise it: sudo sysctl fs.inotify.max_user_watches=${Math.max(524288, folders * 4)} (or run mlwatch with --poll)`;
		if (folders > left) return {status: 'warn', message: `${message}: too few left, mlwatch will poll instead of watching`, fix};
		if (folders > left / 2) return {status: 'warn', message: `${message}: the store would use most of what is left`, fix};
		return {status: 'ok', message, fix: ''};
	},
};
