// Free space where the store lives: MLflow writes metric lines and artifacts there, and a
// full disk leaves half-written files behind.

import {statfs} from 'node:fs/promises';
import type {HealthCheck} from '../types.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export function formatBytes(bytes: number): string {
	if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
	return `${Math.round(bytes / MiB)} MiB`;
}

export const diskSpace: HealthCheck = {
	id: 'disk-space',
	title: 'Free disk space',
	kinds: ['file', 'sqlite'],
	async run(context) {
		const root = context.description?.localPath;
		if (!root) return {status: 'ok', message: 'no store to look at', fix: ''};
		const stats = await statfs(root);
		const free = stats.bavail * stats.bsize;
		const total = stats.blocks * stats.bsize;
		const share = total > 0 ? free / total : 1;
		const message = `${formatBytes(free)} free of ${formatBytes(total)} (${Math.round(share * 100)}%) where the store is`;
		if (free < 100 * MiB) return {status: 'fail', message, fix: 'free some space: runs logging now will fail or leave half-written files'};
		if (free < GiB || share < 0.05) return {status: 'warn', message, fix: 'free some space before long runs (artifacts and checkpoints fill disks fast)'};
		return {status: 'ok', message, fix: ''};
	},
};
