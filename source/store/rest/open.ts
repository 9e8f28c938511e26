// Opens a tracking server from http(s)://host:port[/prefix], with the credentials and TLS
// settings MLflow's own client reads: MLFLOW_TRACKING_USERNAME + MLFLOW_TRACKING_PASSWORD
// (Basic; else ~/.mlflow/credentials), or MLFLOW_TRACKING_TOKEN (Bearer);
// MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_TRACKING_SERVER_CERT_PATH (CA bundle),
// MLFLOW_TRACKING_CLIENT_CERT_PATH (PEM with certificate and key); MLFLOW_HTTP_REQUEST_TIMEOUT
// and MLFLOW_HTTP_REQUEST_MAX_RETRIES. Nothing is asked of the server until a read.

import {readdirSync, readFileSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import type {TrackingStore} from '../contract.js';
import {StoreError, type OpenContext} from '../registry.js';
import {HttpClient, type Credentials, type TlsSettings} from './http-client.js';
import {RestStore} from './rest-store.js';

const DEFAULT_TIMEOUT_S = 60;
const DEFAULT_RETRIES = 5;
/** Waiting between retries of one request adds up to at most this. */
const RETRY_BUDGET_MS = 20_000;
const CONCURRENCY = 4;

/** MLflow's boolean environment variables: true/1 and false/0, any case. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean {
	const value = env[name];
	if (value === undefined || value === '') return false;
	const lower = value.trim().toLowerCase();
	if (lower === 'true' || lower === '1') return true;
	if (lower === 'false' || lower === '0') return false;
	throw new StoreError(`${name}=${value} is not true or false (MLflow accepts true, false, 1 or 0).`);
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, allowZero = false): number {
	const value = env[name];
	if (value === undefined || value.trim() === '') return fallback;
	const number = Number(value);
	if (!Number.isFinite(number) || number < 0 || (!allowZero && number === 0)) throw new StoreError(`${name}=${value} is not a ${allowZero ? 'whole number' : 'positive number'}.`);
	return number;
}

function readPem(name: string, path: string): Buffer {
	try {
		if (statSync(path).isDirectory()) {
			// requests takes a folder of CA certificates too.
			const files = readdirSync(path).filter((file) => /\.(pem|crt|cer)$/i.test(file));
			if (files.length === 0) throw new StoreError(`${name}=${path} is a folder with no .pem, .crt or .cer file in it.`);
			return Buffer.concat(files.map((file) => readFileSync(join(path, file))));
		}
		return readFileSync(path);
	} catch (error) {
		if (error instanceof StoreError) throw error;
		throw new StoreError(`cannot read ${name}=${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. It should name a PEM file.`);
	}
}

/** `~/.mlflow/credentials`, as MLflow reads it: section [mlflow], two keys. */
function credentialsFile(env: NodeJS.ProcessEnv): {username?: string; password?: string} {
	const home = env['HOME'] || homedir();
	let text: string;
	try {
		text = readFileSync(join(home, '.mlflow', 'credentials'), 'utf8');
	} catch {
		return {};
	}
	const out: {username?: string; password?: string} = {};
	let section = '';
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
		const header = /^\[(.*)\]$/.exec(line);
		if (header) {
			section = header[1]!.trim();
			continue;
		}
		if (section !== 'mlflow') continue;
		const match = /^([^=:]+)[=:](.*)$/.exec(line);
		if (!match) continue;
		const key = match[1]!.trim().toLowerCase();
		if (key === 'mlflow_tracking_username') out.username = match[2]!.trim();
		if (key === 'mlflow_tracking_password') out.password = match[2]!.trim();
	}
	return out;
}

function credentialsFrom(url: URL, env: NodeJS.ProcessEnv): Credentials | undefined {
	const username = env['MLFLOW_TRACKING_USERNAME'];
	const password = env['MLFLOW_TRACKING_PASSWORD'];
	if (username || password) {
		if (!username || !password) throw new StoreError(`${username ? 'MLFLOW_TRACKING_USERNAME' : 'MLFLOW_TRACKING_PASSWORD'} is set but ${username ? 'MLFLOW_TRACKING_PASSWORD' : 'MLFLOW_TRACKING_USERNAME'} is not: set both for a user name and password, or neither.`);
		return {kind: 'basic', username, password, from: 'MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD'};
	}
	const token = env['MLFLOW_TRACKING_TOKEN'];
	if (token) return {kind: 'bearer', token, from: 'MLFLOW_TRACKING_TOKEN'};
	if (url.username || url.password) {
		return {kind: 'basic', username: decodeURIComponent(url.username), password: decodeURIComponent(url.password), from: 'the URL'};
	}
	const file = credentialsFile(env);
	if (file.username && file.password) return {kind: 'basic', username: file.username, password: file.password, from: '~/.mlflow/credentials'};
	return undefined;
}

/** The URL checked and split: the base without credentials, and the credentials it held. */
export function parseServerUrl(spec: string): URL {
	let url: URL;
	try {
		url = new URL(spec);
	} catch {
		throw new StoreError(`'${spec.replace(/\/\/[^@/]*@/, '//…@')}' is not a URL mlwatch can read; a tracking server is named like http://localhost:5000 or https://mlflow.example.com/prefix.`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StoreError(`a tracking server URL starts with http:// or https://, not ${url.protocol}//`);
	if (!url.hostname) throw new StoreError('the tracking server URL has no host name; e.g. http://localhost:5000');
	if (url.search || url.hash) throw new StoreError(`a tracking server URL has no ?query or #fragment: use ${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`);
	return url;
}

export async function openRestStore(spec: string, context: OpenContext): Promise<TrackingStore> {
	const env = context.env;
	const given = parseServerUrl(spec);
	const credentials = credentialsFrom(given, env);
	const base = new URL(given.href);
	base.username = '';
	base.password = '';
	base.pathname = base.pathname.replace(/\/+$/, '') || '/';

	const tls: TlsSettings = {insecure: flag(env, 'MLFLOW_TRACKING_INSECURE_TLS')};
	const caPath = env['MLFLOW_TRACKING_SERVER_CERT_PATH'];
	const certPath = env['MLFLOW_TRACKING_CLIENT_CERT_PATH'];
	if (tls.insecure && caPath) throw new StoreError('MLFLOW_TRACKING_INSECURE_TLS=true and MLFLOW_TRACKING_SERVER_CERT_PATH are both set: one says check the certificate against this CA, the other says do not check. Unset one (MLflow refuses this too).');
	if (caPath) tls.ca = readPem('MLFLOW_TRACKING_SERVER_CERT_PATH', caPath);
	if (certPath) tls.clientCert = readPem('MLFLOW_TRACKING_CLIENT_CERT_PATH', certPath);

	const http = new HttpClient({
		base,
		...(credentials ? {credentials} : {}),
		tls,
		timeoutMs: positive(env, 'MLFLOW_HTTP_REQUEST_TIMEOUT', DEFAULT_TIMEOUT_S) * 1000,
		maxRetries: Math.floor(positive(env, 'MLFLOW_HTTP_REQUEST_MAX_RETRIES', DEFAULT_RETRIES, true)),
		retryBudgetMs: RETRY_BUDGET_MS,
		concurrency: CONCURRENCY,
	});
	const path = base.pathname === '/' ? '' : base.pathname;
	const uri = `${base.protocol}//${base.host}${path}`;
	return new RestStore(http, {kind: 'rest', uri, label: `${base.host}${path}`});
}
