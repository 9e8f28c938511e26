// The small parts behind `mlwatch ui` and the health check: port probing, finding
// MLflow, the SSH hint, MLflow's log made safe, and telling a network mount.

import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {NETWORK_FS} from '../../source/health/checks/network-filesystem.js';
import {mountOf} from '../../source/health/proc.js';
import {locateMlflow} from '../../source/webui/find-mlflow.js';
import {findFreePort, isPortFree} from '../../source/webui/free-port.js';
import {LogBuffer} from '../../source/webui/log-buffer.js';
import {sshTunnelHint, webUiUrl} from '../../source/webui/ssh-hint.js';

const temps: string[] = [];
afterAll(() => {
	for (const dir of temps) rmSync(dir, {recursive: true, force: true});
});

function listen(port: number): Promise<Server> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen({port, host: '127.0.0.1'}, () => done(server));
	});
}

describe('free port', () => {
	it('a port someone listens on is not free, and the search moves past it', async () => {
		const held = await listen(0);
		const port = (held.address() as {port: number}).port;
		try {
			expect(await isPortFree(port)).toBe(false);
			expect(await findFreePort(port)).toBeGreaterThan(port);
		} finally {
			held.close();
		}
		expect(await isPortFree(port)).toBe(true);
	});
});

describe('finding mlflow', () => {
	const dir = mkdtempSync(join(tmpdir(), 'mlwatch-find-'));
	temps.push(dir);
	const venv = join(dir, 'venv');
	mkdirSync(join(venv, 'bin'), {recursive: true});
	writeFileSync(join(venv, 'bin', 'mlflow'), '#!/bin/sh\necho "mlflow, version 9.9.9"\n');
	chmodSync(join(venv, 'bin', 'mlflow'), 0o755);

	it('takes --mlflow as the executable or the environment folder', () => {
		expect(locateMlflow(join(venv, 'bin', 'mlflow'), {PATH: ''}, '/')).toEqual({found: true, path: join(venv, 'bin', 'mlflow'), source: '--mlflow'});
		expect(locateMlflow('venv', {PATH: ''}, dir)).toEqual({found: true, path: join(venv, 'bin', 'mlflow'), source: '--mlflow'});
	});

	it('prefers the active virtual environment over PATH', () => {
		expect(locateMlflow(undefined, {VIRTUAL_ENV: venv, PATH: '/usr/bin'}, '/')).toMatchObject({found: true, source: 'VIRTUAL_ENV'});
		expect(locateMlflow(undefined, {CONDA_PREFIX: venv, PATH: ''}, '/')).toMatchObject({found: true, source: 'CONDA_PREFIX'});
		expect(locateMlflow(undefined, {PATH: `/nonexistent:${join(venv, 'bin')}`}, '/')).toMatchObject({found: true, source: 'PATH'});
	});

	it('says everywhere it looked when there is none', () => {
		expect(locateMlflow(undefined, {VIRTUAL_ENV: dir, PATH: '/nonexistent'}, '/')).toEqual({found: false, looked: [`$VIRTUAL_ENV/bin/mlflow (${join(dir, 'bin', 'mlflow')}): not there`, 'mlflow on PATH: not found']});
		expect(locateMlflow('/nonexistent/mlflow', {PATH: ''}, '/')).toMatchObject({found: false});
	});
});

describe('SSH hint and URL', () => {
	it('gives the tunnel command only over SSH, to the address the laptop used', () => {
		expect(sshTunnelHint(5001, {})).toBeUndefined();
		expect(sshTunnelHint(5001, {SSH_CONNECTION: '203.0.113.7 52100 198.51.100.20 22', USER: 'bob'})).toBe('ssh -N -L 5001:127.0.0.1:5001 bob@198.51.100.20');
	});

	it('points a browser on this machine at a wildcard binding through loopback', () => {
		expect(webUiUrl('0.0.0.0', 5000)).toBe('http://127.0.0.1:5000/');
		expect(webUiUrl('::1', 5000)).toBe('http://[::1]:5000/');
	});
});

describe("MLflow's log", () => {
	it('drops colour codes, shows other escapes, joins split chunks and keeps the last lines', () => {
		const log = new LogBuffer(3);
		expect(log.write('\u001b[32mINFO\u001b[0m: started\nhalf')).toEqual(['INFO: started']);
		expect(log.write(' a line\n\u001b]0;title\u0007x\n')).toEqual(['half a line', '␛]0;title\\u0007x']);
		log.write('4\n5\n');
		expect(log.tail()).toEqual(['␛]0;title\\u0007x', '4', '5']);
	});
});

describe('network filesystems', () => {
	const mounts = [
		{device: '/dev/sda1', mountPoint: '/', fsType: 'ext4'},
		{device: 'filer:/export', mountPoint: '/mnt/shared', fsType: 'nfs4'},
		{device: 'user@host:', mountPoint: '/mnt/shared/remote', fsType: 'fuse.sshfs'},
	];

	it('finds the mount that holds a path and knows which kinds are remote', () => {
		expect(mountOf('/mnt/shared/project/mlruns', mounts)?.fsType).toBe('nfs4');
		expect(mountOf('/mnt/shared/remote/mlruns', mounts)?.fsType).toBe('fuse.sshfs');
		expect(mountOf('/mnt/sharedx/mlruns', mounts)?.fsType).toBe('ext4');
		for (const type of ['nfs', 'nfs4', 'cifs', 'lustre', 'fuse.sshfs', 'gpfs']) expect(NETWORK_FS.test(type)).toBe(true);
		for (const type of ['ext4', 'xfs', 'btrfs', 'tmpfs', 'overlay', 'zfs']) expect(NETWORK_FS.test(type)).toBe(false);
	});
});
