// How many inotify watches a process holds. Linux only; undefined elsewhere. The one reader
// of inotify fdinfo: the benchmark and the tests want a count synchronously; the health check
// counts every process of the user, so asynchronously, without blocking the TUI.

import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {readdir, readFile, readlink} from 'node:fs/promises';

type Pid = number | 'self';

const INOTIFY_LINK = 'anon_inode:inotify';

/** The kernel lists one `inotify wd:` line per watch in the fdinfo of an inotify descriptor. */
function watchLines(fdinfo: string): number {
	return fdinfo.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
}

export function inotifyWatchCount(pid: Pid = 'self'): number | undefined {
	let fds: string[];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return undefined;
	}
	let count = 0;
	for (const fd of fds) {
		try {
			if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== INOTIFY_LINK) continue;
			count += watchLines(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
		} catch {
			// descriptor closed while we looked
		}
	}
	return count;
}

export async function inotifyWatchCountAsync(pid: Pid = 'self'): Promise<number | undefined> {
	const fds = await readdir(`/proc/${pid}/fd`).catch(() => undefined);
	if (fds === undefined) return undefined;
	let count = 0;
	for (const fd of fds) {
		// A descriptor closed while we looked counts as no watches.
		if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) !== INOTIFY_LINK) continue;
		count += watchLines(await readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8').catch(() => ''));
	}
	return count;
}

/** The system-wide per-user limit, when readable. */
export function inotifyWatchLimit(): number | undefined {
	try {
		return Number(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim()) || undefined;
	} catch {
		return undefined;
	}
}
