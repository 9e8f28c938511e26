// Finding a free TCP port the way `mlflow ui` will need it: by trying to listen on it.
// Listening exclusively on the same host is the only reliable test (a connect probe misses
// ports bound but not yet listening, and a wildcard listener owned by someone else).

import {createServer} from 'node:net';

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((done) => {
		const server = createServer();
		server.unref();
		server.once('error', () => done(false));
		server.listen({port, host, exclusive: true}, () => {
			server.close(() => done(true));
		});
	});
}

export class NoFreePortError extends Error {}

/** The first free port from `start` upward, trying at most `tries` ports. */
export async function findFreePort(start: number, host = '127.0.0.1', tries = 100): Promise<number> {
	for (let port = start; port < start + tries && port <= 65535; port++) {
		if (await isPortFree(port, host)) return port;
	}
	throw new NoFreePortError(`no free port on ${host} between ${start} and ${Math.min(65535, start + tries - 1)}; choose another with --port N`);
}

export function isValidPort(port: unknown): port is number {
	return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}
