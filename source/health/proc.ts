// Small readers of Linux's /proc for the checks that look at other processes and at
// mounts. Elsewhere they answer "unknown" (undefined) rather than guess.

import {readdir, readFile, readlink} from 'node:fs/promises';

export interface ProcessInfo {
	pid: number;
	argv: string[];
	/** Undefined when not readable (another user's process). */
	cwd?: string;
}

export async function listProcesses(): Promise<ProcessInfo[] | undefined> {
	let names: string[];
	try {
		names = await readdir('/proc');
	} catch {
		return undefined;
	}
	const found = await Promise.all(
		names
			.filter((name) => /^\d+$/.test(name))
			.map(async (name): Promise<ProcessInfo | undefined> => {
				try {
					const raw = await readFile(`/proc/${name}/cmdline`, 'utf8');
					if (!raw) return undefined;
					const argv = raw.replace(/\0$/, '').split('\0');
					let cwd: string | undefined;
					try {
						cwd = await readlink(`/proc/${name}/cwd`);
					} catch {
						cwd = undefined;
					}
					return {pid: Number(name), argv, cwd};
				} catch {
					return undefined;
				}
			}),
	);
	return found.filter((info): info is ProcessInfo => info !== undefined);
}

/** One environment variable of another process, when readable. */
export async function processEnv(pid: number, name: string): Promise<string | undefined> {
	try {
		const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
		const prefix = `${name}=`;
		return raw.split('\0').find((entry) => entry.startsWith(prefix))?.slice(prefix.length);
	} catch {
		return undefined;
	}
}

export interface Mount {
	device: string;
	mountPoint: string;
	fsType: string;
}

/** /proc/mounts escapes space, tab, newline and backslash as octal. */
function unescapeMount(field: string): string {
	return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export async function readMounts(): Promise<Mount[] | undefined> {
	try {
		const text = await readFile('/proc/mounts', 'utf8');
		return text
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [device = '', mountPoint = '', fsType = ''] = line.split(' ');
				return {device: unescapeMount(device), mountPoint: unescapeMount(mountPoint), fsType};
			});
	} catch {
		return undefined;
	}
}

/** The mount that holds `path` (the longest mount point that prefixes it). */
export function mountOf(path: string, mounts: Mount[]): Mount | undefined {
	let best: Mount | undefined;
	for (const mount of mounts) {
		const point = mount.mountPoint;
		const inside = point === '/' || path === point || path.startsWith(point.endsWith('/') ? point : `${point}/`);
		if (inside && (!best || point.length >= best.mountPoint.length)) best = mount;
	}
	return best;
}
