// Opening a URL in the browser of the machine people sit at: on a desktop session that is
// this machine's (xdg-open with DISPLAY or WAYLAND_DISPLAY, open on macOS); over SSH the
// browser is on the laptop, so the URL and the tunnel command are shown instead.

import {spawn} from 'node:child_process';

export type OpenPlan = {kind: 'browser'; command: string; args: string[]} | {kind: 'show'; reason: 'ssh' | 'no-desktop'};

export function isRemote(env: NodeJS.ProcessEnv): boolean {
	return Boolean(env['SSH_CONNECTION'] || env['SSH_CLIENT'] || env['SSH_TTY']);
}

export function openPlan(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): OpenPlan {
	if (isRemote(env)) return {kind: 'show', reason: 'ssh'};
	if (platform === 'darwin') return {kind: 'browser', command: 'open', args: [url]};
	if (platform === 'win32') return {kind: 'browser', command: 'cmd', args: ['/c', 'start', '""', url]};
	if (env['DISPLAY'] || env['WAYLAND_DISPLAY']) return {kind: 'browser', command: 'xdg-open', args: [url]};
	return {kind: 'show', reason: 'no-desktop'};
}

/** Starts the browser without waiting for it; resolves with an error message if it could not start. */
export function launchBrowser(plan: Extract<OpenPlan, {kind: 'browser'}>, env: NodeJS.ProcessEnv): Promise<string | undefined> {
	return new Promise((resolve) => {
		const child = spawn(plan.command, plan.args, {env, stdio: 'ignore', detached: true});
		child.once('error', (error) => resolve(`${plan.command} could not start: ${error.message}`));
		child.once('spawn', () => {
			child.unref();
			resolve(undefined);
		});
	});
}

/** MLflow's web UI page of one run. */
export function runPageUrl(base: string, experimentId: string, runId: string): string {
	return `${base.replace(/\/+$/, '')}/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
}
