// A store on NFS, SMB, Lustre or sshfs: inotify never hears about writes made by other
// machines (the cluster nodes that train), so mlwatch must poll there.

import {realpath} from 'node:fs/promises';
import {mountOf, readMounts} from '../proc.js';
import type {HealthCheck} from '../types.js';

export const NETWORK_FS = /^(nfs\d?|cifs|smb\d?|smbfs|ncpfs|afs|lustre|gpfs|beegfs|glusterfs|ceph|9p|virtiofs|davfs|fuse\.(sshfs|glusterfs|ceph|rclone|s3fs|gcsfuse|juicefs|davfs2?|mfs|lizardfs|sshfs\w*))$/i;

export const networkFilesystem: HealthCheck = {
	id: 'network-fs',
	title: 'Local filesystem',
	kinds: ['file', 'sqlite'],
	async run(context) {
		const root = context.description?.localPath;
		if (!root) return {status: 'ok', message: 'no store to look at', fix: ''};
		const mounts = await readMounts();
		if (!mounts) return {status: 'ok', message: 'mounts are not readable here (not Linux)', fix: ''};
		const mount = mountOf(await realpath(root).catch(() => root), mounts);
		if (!mount) return {status: 'ok', message: 'mount not found', fix: ''};
		if (NETWORK_FS.test(mount.fsType)) {
			return {
				status: 'warn',
				message: `the store is on ${mount.fsType} (${mount.device} at ${mount.mountPoint}): file watching misses writes from other machines`,
				fix: 'run mlwatch with --poll (it re-reads every 2 s) to see runs that write from other nodes',
			};
		}
		return {status: 'ok', message: `${mount.fsType} at ${mount.mountPoint}`, fix: ''};
	},
};
