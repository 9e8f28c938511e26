// TLS to a REAL tracking server (gunicorn for MLflow 3.1.4, uvicorn for the newest 3.x),
// with a CA, server and client certificates made here with openssl: the server asks for a
// client certificate. mlwatch reads MLflow's own variables: MLFLOW_TRACKING_SERVER_CERT_PATH
// (the CA), MLFLOW_TRACKING_CLIENT_CERT_PATH (certificate and key in one PEM) and
// MLFLOW_TRACKING_INSECURE_TLS; each failure says what to set.

import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mlflowMissing, mlflowRequired, type MlflowVersion} from '../helpers/mlflow-oracle.js';
import {startMlflowServer, type MlflowServer} from '../helpers/mlflow-server.js';
import {runCli} from '../helpers/run-cli.js';

const minutes = 60_000;

function openssl(dir: string, args: string[]): void {
	const result = spawnSync('openssl', args, {cwd: dir, encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
}

/** ca.pem, server.pem/server.key (for 127.0.0.1), client.pem (certificate and key together). */
function certificates(dir: string): void {
	openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=mlwatch test CA']);
	writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
	for (const name of ['server', 'client']) {
		openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? '127.0.0.1' : 'mlwatch client'}`]);
		openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', ...(name === 'server' ? ['-extfile', 'server.ext'] : [])]);
	}
	writeFileSync(join(dir, 'client-bundle.pem'), readFileSync(join(dir, 'client.pem'), 'utf8') + readFileSync(join(dir, 'client.key'), 'utf8'));
}

function unavailable(version: MlflowVersion): string | undefined {
	if (spawnSync('openssl', ['version']).status !== 0) {
		if (mlflowRequired) throw new Error('openssl is missing');
		return 'openssl is missing';
	}
	return mlflowMissing(version);
}

for (const version of ['3.1.4', 'latest'] as MlflowVersion[]) {
	describe(`TLS to a tracking server (MLflow ${version})`, () => {
		const reason = unavailable(version);
		let dir = '';
		let server: MlflowServer | undefined;

		beforeAll(async () => {
			if (reason) return;
			dir = mkdtempSync(join(tmpdir(), 'mlwatch-tls-'));
			certificates(dir);
			const [cert, key, ca] = ['server.pem', 'server.key', 'ca.pem'].map((name) => join(dir, name));
			// gunicorn serves 3.1.4, uvicorn the newest; both ask for a client certificate here.
			const args = version === '3.1.4' ? ['--gunicorn-opts', `--certfile ${cert} --keyfile ${key} --ca-certs ${ca} --cert-reqs 2`] : ['--uvicorn-opts', `--ssl-certfile ${cert} --ssl-keyfile ${key} --ssl-ca-certs ${ca} --ssl-cert-reqs 2`];
			server = await startMlflowServer(version, 'sqlite', {backendStoreUri: `sqlite:///${join(dir, 'mlflow.db')}`, dir, args, https: true});
		}, 10 * minutes);

		afterAll(async () => {
			await server?.stop();
			if (dir) rmSync(dir, {recursive: true, force: true});
		}, minutes);

		it('reads with the CA and a client certificate; says what to set when either is missing', (context) => {
			if (reason) return context.skip(reason);
			const url = server!.url;
			const ca = join(dir, 'ca.pem');
			const client = join(dir, 'client-bundle.pem');

			const untrusted = runCli(['experiments', '--store', url], {env: {MLFLOW_TRACKING_CLIENT_CERT_PATH: client}});
			expect(untrusted.status).toBe(1);
			expect(untrusted.stderr).toContain('cannot trust the TLS certificate');
			expect(untrusted.stderr).toContain('MLFLOW_TRACKING_SERVER_CERT_PATH');

			const noClient = runCli(['experiments', '--store', url], {env: {MLFLOW_TRACKING_SERVER_CERT_PATH: ca}});
			expect(noClient.status).toBe(1);
			expect(noClient.stderr).toContain('MLFLOW_TRACKING_CLIENT_CERT_PATH');
			expect(noClient.stderr).not.toContain('unexpected error');

			const both = runCli(['experiments', '--store', url, '--json'], {env: {MLFLOW_TRACKING_SERVER_CERT_PATH: ca, MLFLOW_TRACKING_CLIENT_CERT_PATH: client}});
			expect(both.status, both.stderr).toBe(0);
			expect(JSON.parse(both.stdout).experiments.map((experiment: {name: string}) => experiment.name)).toEqual(['Default']);

			const insecure = runCli(['experiments', '--store', url, '--json'], {env: {MLFLOW_TRACKING_INSECURE_TLS: 'true', MLFLOW_TRACKING_CLIENT_CERT_PATH: client}});
			expect(insecure.status, insecure.stderr).toBe(0);

			const plain = runCli(['experiments', '--store', url.replace('https:', 'http:')]);
			expect(plain.status).toBe(1);
			expect(plain.stderr).not.toContain('unexpected error');
		}, 5 * minutes);
	});
}
