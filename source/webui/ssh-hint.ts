// What to show so the web UI can be opened from the machine people sit at: a clickable
// URL, and over SSH the tunnel command to run on the laptop.

import {userInfo} from 'node:os';

/** Hosts that only this machine can reach. */
export function isLoopback(host: string): boolean {
	return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Where a browser on this machine reaches a server bound to `host`. */
export function browseHost(host: string): string {
	if (host === '0.0.0.0' || host === '' ) return '127.0.0.1';
	if (host === '::') return '[::1]';
	return host.includes(':') ? `[${host}]` : host;
}

export function webUiUrl(host: string, port: number): string {
	return `http://${browseHost(host)}:${port}/`;
}

/** `ssh -N -L P:127.0.0.1:P user@host` when this session came in over SSH. */
export function sshTunnelHint(port: number, env: NodeJS.ProcessEnv): string | undefined {
	const connection = env['SSH_CONNECTION']?.trim();
	if (!connection) return undefined;
	// "client_ip client_port server_ip server_port": the server address is the one the
	// laptop used to reach this machine.
	const server = connection.split(/\s+/)[2];
	if (!server) return undefined;
	let user = env['USER'] || env['LOGNAME'];
	if (!user) {
		try {
			user = userInfo().username;
		} catch {
			user = undefined;
		}
	}
	const target = user ? `${user}@${server}` : server;
	return `ssh -N -L ${port}:127.0.0.1:${port} ${target}`;
}

/** An OSC 8 terminal hyperlink: clickable where supported, plain text elsewhere. */
export function hyperlink(url: string, text = url): string {
	return `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\`;
}
