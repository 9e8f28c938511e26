// HTTP for the tracking-server backend: node:http(s) with keep-alive agents (so the CA,
// client certificate and insecure mode MLflow's client reads can be set), credentials
// as MLflow's client sends them, retries of 429 and 5xx with backoff inside a bounded
// total wait, a deadline per request, and every failure said in plain words with what
// to do. Credentials never leave this file: messages are scrubbed of them.
//
// mlwatch never writes: GET only, and POST only to the endpoints MLflow defines as
// read-only searches.

import http from 'node:http';
import https from 'node:https';
import {createBrotliDecompress, createGunzip, createInflate} from 'node:zlib';
import type {Readable} from 'node:stream';
import {StoreError} from '../registry.js';

export type Credentials = {kind: 'basic'; username: string; password: string; from: string} | {kind: 'bearer'; token: string; from: string};

export interface TlsSettings {
	/** PEM CA bundle replacing the system roots (MLFLOW_TRACKING_SERVER_CERT_PATH). */
	ca?: Buffer;
	/** PEM holding the client certificate and its key (MLFLOW_TRACKING_CLIENT_CERT_PATH). */
	clientCert?: Buffer;
	/** MLFLOW_TRACKING_INSECURE_TLS: no certificate check. */
	insecure: boolean;
}

export interface HttpSettings {
	/** Scheme, host, port and path prefix; never with credentials. */
	base: URL;
	credentials?: Credentials;
	tls: TlsSettings;
	/** Deadline for one request, connection to last byte. */
	timeoutMs: number;
	/** Retries of 429, 5xx and dropped connections. */
	maxRetries: number;
	/** Total time spent waiting between retries of one request. */
	retryBudgetMs: number;
	/** Requests in flight at once. */
	concurrency: number;
}

/** The POST endpoints MLflow defines as read-only searches; anything else is refused here. */
const READ_ONLY_POSTS = new Set(['mlflow/experiments/search', 'mlflow/runs/search', 'mlflow/logged-models/search']);

const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export class RestError extends StoreError {
	constructor(
		message: string,
		/** HTTP status, when the server answered. */
		readonly status?: number,
		/** MLflow's error_code, when the answer was MLflow's JSON. */
		readonly errorCode?: string,
		/** MLflow's own message, when there was one. */
		readonly serverMessage?: string,
	) {
		super(message);
	}
}

export interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	/** The body was cut at maxBytes. */
	truncated: boolean;
	/** The body's full size when the server said (Content-Length). */
	size?: number;
}

interface RequestOptions {
	query?: Record<string, string | number | readonly string[] | undefined>;
	body?: unknown;
	/** Stop reading the body after this many bytes. */
	maxBytes?: number;
	/** Path is relative to the base (for /version, /get-artifact) instead of /api/2.0/. */
	raw?: boolean;
	/** Give up sooner than the client's own deadline (health probes, polls). */
	timeoutMs?: number;
	/** No retries (a poll that will come back anyway). */
	once?: boolean;
}

function delay(ms: number): Promise<void> {
	return new Promise((done) => setTimeout(done, ms));
}

function seconds(ms: number): string {
	return ms < 10_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 1000)} s`;
}

function looksLikeHtml(body: Buffer, headers: http.IncomingHttpHeaders): boolean {
	return /html/i.test(String(headers['content-type'] ?? '')) || /^\s*</.test(body.subarray(0, 200).toString('utf8'));
}

function parseMlflowError(body: Buffer): {error_code?: string; message?: string} | undefined {
	try {
		const value = JSON.parse(body.toString('utf8')) as unknown;
		if (value && typeof value === 'object' && ('error_code' in value || 'message' in value)) return value as {error_code?: string; message?: string};
	} catch {
		// not JSON
	}
	return undefined;
}

function firstLine(text: string, max = 300): string {
	const line = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max)}…` : line;
}

export class HttpClient {
	private readonly agent: http.Agent;
	private readonly secrets: string[];
	private inFlight = 0;
	private readonly waiting: Array<() => void> = [];
	/** Identical requests under way share one answer (screens often ask the same at once). */
	private readonly pending = new Map<string, Promise<Answer>>();
	private lastActive = 0;
	private closed = false;

	constructor(readonly settings: HttpSettings) {
		const https_ = settings.base.protocol === 'https:';
		if (https_) {
			const {ca, clientCert, insecure} = settings.tls;
			this.agent = new https.Agent({
				keepAlive: true,
				maxSockets: settings.concurrency,
				rejectUnauthorized: !insecure,
				...(ca ? {ca} : {}),
				// requests' `cert=path` is one PEM file with both; OpenSSL picks each block out of it.
				...(clientCert ? {cert: clientCert, key: clientCert} : {}),
			});
		} else {
			this.agent = new http.Agent({keepAlive: true, maxSockets: settings.concurrency});
		}
		const credentials = settings.credentials;
		this.secrets = [];
		if (credentials?.kind === 'basic') {
			this.secrets.push(credentials.password, Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
			if (credentials.password.length >= 3) this.secrets.push(encodeURIComponent(credentials.password));
		} else if (credentials?.kind === 'bearer') {
			this.secrets.push(credentials.token);
		}
	}

	/** The server as people should see it: scheme, host, port and prefix, nothing secret. */
	get where(): string {
		return this.settings.base.href.replace(/\/$/, '');
	}

	/** Text with every credential replaced by ***, for anything shown or logged. */
	scrub(text: string): string {
		let out = text;
		for (const secret of this.secrets) if (secret.length > 0) out = out.split(secret).join('***');
		return out;
	}

	private authHeader(): string | undefined {
		const credentials = this.settings.credentials;
		if (!credentials) return undefined;
		if (credentials.kind === 'basic') return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
		return `Bearer ${credentials.token}`;
	}

	urlOf(path: string, options: RequestOptions = {}): URL {
		const prefix = this.settings.base.pathname.replace(/\/+$/, '');
		const url = new URL(this.settings.base.href);
		url.pathname = `${prefix}/${options.raw ? path.replace(/^\/+/, '') : `api/2.0/${path}`}`;
		for (const [name, value] of Object.entries(options.query ?? {})) {
			if (value === undefined) continue;
			if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, item);
			else url.searchParams.set(name, String(value));
		}
		return url;
	}

	async getJson<T>(path: string, query?: RequestOptions['query'], options: Omit<RequestOptions, 'query' | 'body'> = {}): Promise<T> {
		return this.json<T>('GET', path, {...options, ...(query ? {query} : {})});
	}

	async postJson<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
		if (!READ_ONLY_POSTS.has(path)) throw new Error(`mlwatch does not POST to ${path}: it is not one of MLflow's read-only searches`);
		return this.json<T>('POST', path, {...options, body});
	}

	/** A plain-text answer relative to the base, e.g. /version; undefined when not 200. */
	async getText(path: string, options: Omit<RequestOptions, 'raw'> = {}): Promise<{status: number; text: string}> {
		const answer = await this.shared('GET', this.urlOf(path, {...options, raw: true}), options);
		return {status: answer.status, text: answer.body.toString('utf8')};
	}

	/** The start of a file the server serves (artifacts), relative to the base. */
	async getBytes(path: string, query: RequestOptions['query'], maxBytes: number): Promise<Answer> {
		return this.send('GET', this.urlOf(path, {raw: true, ...(query ? {query} : {})}), {maxBytes});
	}

	/**
	 * Resolves once no request has been under way for `quietMs` (or after `longestMs`): for
	 * background work that should not slow what a screen is waiting for.
	 */
	idle(quietMs: number, longestMs: number): Promise<void> {
		const deadline = Date.now() + longestMs;
		return new Promise((resolve) => {
			const check = () => {
				const quietFor = Date.now() - this.lastActive;
				if ((this.inFlight === 0 && quietFor >= quietMs) || Date.now() >= deadline || this.closed) return resolve();
				setTimeout(check, Math.max(10, Math.min(quietMs - quietFor, deadline - Date.now(), 50))).unref();
			};
			check();
		});
	}

	private shared(method: 'GET' | 'POST', url: URL, options: RequestOptions): Promise<Answer> {
		if (options.maxBytes !== undefined) return this.send(method, url, options);
		const key = `${method} ${url.href} ${options.body === undefined ? '' : JSON.stringify(options.body)} ${options.timeoutMs ?? ''} ${options.once ? 1 : 0}`;
		const known = this.pending.get(key);
		if (known) return known;
		const answer = this.send(method, url, options).finally(() => this.pending.delete(key));
		this.pending.set(key, answer);
		return answer;
	}

	private async json<T>(method: 'GET' | 'POST', path: string, options: RequestOptions): Promise<T> {
		const url = this.urlOf(path, options);
		const answer = await this.shared(method, url, options);
		const shown = `${method} ${url.pathname}`;
		if (answer.status >= 200 && answer.status < 300) {
			if (looksLikeHtml(answer.body, answer.headers)) throw new RestError(this.notMlflow(shown, answer), answer.status);
			try {
				return (answer.body.length === 0 ? {} : JSON.parse(answer.body.toString('utf8'))) as T;
			} catch {
				throw new RestError(this.notMlflow(shown, answer), answer.status);
			}
		}
		throw this.failure(shown, answer);
	}

	private notMlflow(shown: string, answer: Answer): string {
		const what = looksLikeHtml(answer.body, answer.headers) ? 'a web page' : 'something else';
		return `${this.where} does not look like an MLflow tracking server: ${shown} answered ${answer.status} with ${what}, not MLflow's JSON. Check the URL (a wrong path prefix? MLflow's API lives at <server>/api/2.0/mlflow/).`;
	}

	/** The plain-words error for an answer that is not 2xx. */
	failure(shown: string, answer: Answer, tries = 1, waitedMs = 0): RestError {
		const {status} = answer;
		const mlflow = parseMlflowError(answer.body);
		const said = this.scrub(mlflow?.message ?? firstLine(answer.body.toString('utf8')));
		const code = mlflow?.error_code;
		const credentials = this.settings.credentials;
		const error = (text: string) => new RestError(this.scrub(text), status, code, mlflow?.message === undefined ? undefined : said);
		if (status === 401) {
			if (!credentials) return error(`the tracking server at ${this.where} asks who you are (401). Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN for a token) and try again.`);
			const what = credentials.kind === 'basic' ? `the user name and password from ${credentials.from}` : `the token from ${credentials.from}`;
			return error(`the tracking server at ${this.where} did not accept ${what} (401). Check them; the server's admin can reset a password.`);
		}
		if (status === 403 && /invalid host header/i.test(said)) {
			return error(
				`the tracking server at ${this.where} refused the host name '${this.settings.base.host}' (403 "Invalid Host header"): MLflow 3.5+ answers only host names it allows. Start it with --allowed-hosts ${this.settings.base.hostname} (or set MLFLOW_SERVER_ALLOWED_HOSTS), or reach it by a name it allows (an SSH tunnel to localhost works).`,
			);
		}
		if (status === 403) {
			return error(`the tracking server at ${this.where} refused access (403${code ? ` ${code}` : ''}: ${said || 'permission denied'}). The user may not read this; ask the server's admin for READ permission.`);
		}
		if (status === 404 && !mlflow) return error(this.notMlflow(shown, answer));
		if (status >= 300 && status < 400) {
			const location = String(answer.headers['location'] ?? '');
			return error(
				`the tracking server at ${this.where} redirected ${shown} (${status})${location ? ` to ${this.scrub(location)}` : ''}. Use the URL it redirects to; if that is a login page, the server wants a token (MLFLOW_TRACKING_TOKEN).`,
			);
		}
		if (status === 429 || status >= 500) {
			const retried = tries > 1 ? ` ${tries} times over ${seconds(waitedMs)}` : '';
			const why = status === 429 ? 'is limiting requests' : 'failed';
			return error(`the tracking server at ${this.where} ${why} (${status}${code ? ` ${code}` : ''}${said ? `: ${said}` : ''})${retried}. It may be overloaded or its database unreachable; its own log says more.`);
		}
		return error(`the tracking server at ${this.where} answered ${shown} with ${status}${code ? ` ${code}` : ''}${said ? `: ${said}` : ''}`);
	}

	private networkError(error: NodeJS.ErrnoException, url: URL, timeoutMs: number): RestError {
		const code = error.code ?? '';
		const host = url.host;
		let text: string;
		if (code === 'MLWATCH_TIMEOUT') {
			text = `the tracking server at ${this.where} did not answer within ${seconds(timeoutMs)}. It may be stuck or overloaded; try again, or allow longer with MLFLOW_HTTP_REQUEST_TIMEOUT=SECONDS.`;
		} else if (code === 'ECONNREFUSED') {
			text = `cannot reach the tracking server at ${this.where}: nothing is listening on ${host} (connection refused). Check the host and port, and that 'mlflow server' is running.`;
		} else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
			text = `cannot find the host '${url.hostname}' (${code === 'ENOTFOUND' ? 'no such name' : 'name lookup failed'}). Check the URL given to --store or MLFLOW_TRACKING_URI.`;
		} else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') {
			text = `cannot reach the tracking server at ${this.where} (${code}): the network does not get there. Check the address, a VPN or a firewall.`;
		} else if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|alert certificate required|alert bad certificate|alert unknown ca/i.test(`${code} ${error.message}`)) {
			text = `the tracking server at ${this.where} wants a client certificate it accepts (${code}). Point MLFLOW_TRACKING_CLIENT_CERT_PATH at a PEM file holding your certificate and its key.`;
		} else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME|ERR_TLS_CERT/i.test(code)) {
			text = `cannot trust the TLS certificate of ${this.where} (${code}: ${error.message}). If it is signed by your own CA, point MLFLOW_TRACKING_SERVER_CERT_PATH at that CA's PEM file; MLFLOW_TRACKING_INSECURE_TLS=true skips the check (only on a network you trust).`;
		} else if (code === 'EPROTO' || /wrong version number|packet length too long|ssl/i.test(error.message)) {
			text = `TLS with ${this.where} failed (${error.message}). If the server speaks plain HTTP, use http:// instead of https://; if it wants a client certificate, set MLFLOW_TRACKING_CLIENT_CERT_PATH.`;
		} else if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) {
			text = `${this.where} did not answer in HTTP (${error.message}). If it speaks HTTPS, use https:// instead of http://.`;
		} else if (DROPPED.has(code) || /socket hang up/i.test(error.message)) {
			const client = url.protocol === 'https:' && !this.settings.tls.clientCert ? ' If the server wants a client certificate, point MLFLOW_TRACKING_CLIENT_CERT_PATH at a PEM file holding it and its key.' : '';
			text = `the tracking server at ${this.where} closed the connection (${code || error.message}). Try again; if it keeps happening, check a proxy between here and the server.${client}`;
		} else {
			text = `cannot talk to the tracking server at ${this.where}: ${error.message}${code ? ` (${code})` : ''}`;
		}
		return new RestError(this.scrub(text));
	}

	private async slot(): Promise<() => void> {
		if (this.inFlight >= this.settings.concurrency) await new Promise<void>((done) => this.waiting.push(done));
		this.inFlight++;
		return () => {
			this.inFlight--;
			this.lastActive = Date.now();
			this.waiting.shift()?.();
		};
	}

	/** One request with retries; resolves with whatever the server finally answered. */
	private async send(method: 'GET' | 'POST', url: URL, options: RequestOptions): Promise<Answer> {
		const {maxRetries, retryBudgetMs} = this.settings;
		const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
		const retries = options.once ? 0 : maxRetries;
		const started = Date.now();
		let waited = 0;
		let tries = 0;
		for (;;) {
			tries++;
			let answer: Answer | undefined;
			let failure: RestError | undefined;
			let dropped = false;
			const release = await this.slot();
			try {
				answer = await this.once(method, url, options, timeoutMs);
			} catch (error) {
				const errno = error as NodeJS.ErrnoException;
				dropped = DROPPED.has(errno.code ?? '') || /socket hang up/i.test(errno.message);
				failure = error instanceof RestError ? error : this.networkError(errno, url, timeoutMs);
			} finally {
				release();
			}
			if (this.closed) throw failure ?? new RestError('the store was closed');
			const retriable = dropped || (answer !== undefined && RETRIED_STATUS.has(answer.status));
			if (!retriable) {
				if (answer) return answer;
				throw failure!;
			}
			const left = retryBudgetMs - waited;
			// A dropped keep-alive connection is retried at once; a busy server after a pause.
			const immediate = dropped && tries === 1;
			if ((tries > retries && !immediate) || (left <= 0 && !immediate)) {
				if (answer) throw this.failure(`${method} ${url.pathname}`, answer, tries, Date.now() - started);
				throw failure!;
			}
			const backoff = immediate ? 0 : Math.min(8000, 250 * 2 ** (tries - 1)) * (0.75 + Math.random() / 2);
			const after = answer ? retryAfterMs(answer.headers) : undefined;
			const pause = Math.max(0, Math.min(after ?? backoff, left));
			waited += pause;
			if (pause > 0) await delay(pause);
		}
	}

	private once(method: 'GET' | 'POST', url: URL, options: RequestOptions, timeoutMs: number): Promise<Answer> {
		const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
		const headers: http.OutgoingHttpHeaders = {accept: 'application/json, text/plain, */*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'mlwatch'};
		const auth = this.authHeader();
		if (auth) headers['authorization'] = auth;
		if (payload) {
			headers['content-type'] = 'application/json';
			headers['content-length'] = payload.length;
		}
		const transport = url.protocol === 'https:' ? https : http;
		return new Promise<Answer>((resolve, reject) => {
			let settled = false;
			const finish = (fn: () => void) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				fn();
			};
			const request = transport.request(url, {method, headers, agent: this.agent}, (response) => {
				const status = response.statusCode ?? 0;
				const length = Number(response.headers['content-length']);
				const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
				let stream: Readable = response;
				if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(createGunzip());
				else if (encoding === 'deflate') stream = response.pipe(createInflate());
				else if (encoding === 'br') stream = response.pipe(createBrotliDecompress());
				const chunks: Buffer[] = [];
				let size = 0;
				let truncated = false;
				const limit = options.maxBytes;
				stream.on('data', (chunk: Buffer) => {
					if (truncated) return;
					if (limit !== undefined && size + chunk.length > limit) {
						chunks.push(chunk.subarray(0, limit - size));
						size = limit;
						truncated = true;
						// Enough read: drop the rest instead of downloading it.
						request.destroy();
						finish(() => resolve({status, headers: response.headers, body: Buffer.concat(chunks), truncated, ...(Number.isFinite(length) && !encoding ? {size: length} : {})}));
						return;
					}
					chunks.push(chunk);
					size += chunk.length;
				});
				stream.on('end', () => finish(() => resolve({status, headers: response.headers, body: Buffer.concat(chunks), truncated, ...(Number.isFinite(length) && !encoding ? {size: length} : {size})})));
				stream.on('error', (error) => finish(() => reject(error)));
				response.on('aborted', () => finish(() => reject(Object.assign(new Error('the answer was cut off'), {code: 'ECONNRESET'}))));
			});
			const timer = setTimeout(() => {
				const error = Object.assign(new Error('timed out'), {code: 'MLWATCH_TIMEOUT'});
				finish(() => reject(error));
				request.destroy(error);
			}, timeoutMs);
			request.on('error', (error) => finish(() => reject(error)));
			request.end(payload);
		});
	}

	close(): void {
		this.closed = true;
		this.agent.destroy();
	}
}

function retryAfterMs(headers: http.IncomingHttpHeaders): number | undefined {
	const value = headers['retry-after'];
	if (typeof value !== 'string') return undefined;
	const secondsValue = Number(value);
	if (Number.isFinite(secondsValue) && secondsValue >= 0) return secondsValue * 1000;
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
