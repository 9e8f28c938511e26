// Is port 5000 (MLflow's default) free? If not, say who holds it: `mlflow ui` would fail
// there, and `mlwatch ui` moves to the next free port.

import {readdir, readFile, readlink} from 'node:fs/promises';
import {findFreePort, isPortFree} from '../../webui/free-port.js';
import {sanitizeLine} from '../../text/sanitize.js';
import type {HealthCheck} from '../types.js';

/** The process listening on a TCP port, from /proc/net/tcp{,6} and the fd tables. */
async function listenerOf(port: number): Promise<string | undefined> {
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		const text = await readFile(table, 'utf8').catch(() => '');
		for (const line of text.split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			const local = fields[1];
			// state 0A is LISTEN; field 9 is the socket inode
			if (local && fields[3] === '0A' && Number.parseInt(local.split(':')[1] ?? '', 16) === port && fields[9]) inodes.add(fields[9]);
		}
	}
	if (inodes.size === 0) return undefined;
	const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
	for (const pid of pids) {
		const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
		for (const fd of fds) {
			const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
			const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
			if (inode && inodes.has(inode)) {
				const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean).join(' ');
				return `pid ${pid}: ${cmdline.length > 80 ? `${cmdline.slice(0, 79)}…` : cmdline}`;
			}
		}
	}
	return undefined;
}

export const portFree: HealthCheck = {
	id: 'port',
	title: 'Port for the web UI',
	async run(context) {
		const port = context.options.port ?? 5000;
		if (await isPortFree(port)) return {status: 'ok', message: `port ${port} is free for the web UI`, fix: ''};
		const holder = await listenerOf(port);
		const next = await findFreePort(port + 1).catch(() => undefined);
		return {
			status: 'warn',
			message: `port ${port} is taken${holder ? ` (${sanitizeLine(holder)})` : ''}: 'mlflow ui' without --port fails there`,
			fix: next ? `'mlwatch ui' moves to the next free port (${next}); for mlflow itself, add --port ${next}` : 'choose a port with --port N',
		};
	},
};
