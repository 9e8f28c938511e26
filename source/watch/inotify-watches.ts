// How many inotify watches this process holds: the kernel lists one `inotify wd:` line per
// watch in the fdinfo of each inotify descriptor. Linux only; undefined elsewhere. For the
// benchmark and for telling users how close mlwatch runs to their watch limit.

import {readdirSync, readFileSync, readlinkSync} from 'node:fs';

export function inotifyWatchCount(pid: number | 'self' = 'self'): number | undefined {
	let fds: string[];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return undefined;
	}
	let count = 0;
	for (const fd of fds) {
		try {
			if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== 'anon_inode:inotify') continue;
			count += readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8').split('\n').filter((line) => line.startsWith('inotify wd:')).length;
		} catch {
			// descriptor closed while we looked
		}
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
