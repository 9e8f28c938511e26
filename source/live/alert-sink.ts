// Where alerts go, when the user asked for them: a terminal bell (--bell) and a desktop
// notification (--notify) through notify-send on Linux or osascript on macOS, when present.
// Run names come from the store, so they are sanitized before leaving mlwatch.

import {spawn} from 'node:child_process';
import {accessSync, constants} from 'node:fs';
import {delimiter, join} from 'node:path';
import {sanitizeLine} from '../text/sanitize.js';
import type {Alert} from './alerts.js';

export interface AlertSinkOptions {
	bell: boolean;
	notify: boolean;
	/**
	 * Writes the bell. While Ink is mounted, pass Ink's own `useStdout().write` so the frame
	 * stays intact; BEL moves no cursor, but other direct writes would.
	 */
	write?: (text: string) => void;
	env?: NodeJS.ProcessEnv;
	platform?: NodeJS.Platform;
}

export const BEL = '\u0007';
const MAX_LINES = 5;

/** The first executable named `name` on PATH. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	for (const dir of (env['PATH'] ?? '').split(delimiter)) {
		if (!dir) continue;
		const path = join(dir, name);
		try {
			accessSync(path, constants.X_OK);
			return path;
		} catch {
			// not here
		}
	}
	return undefined;
}

export interface Notifier {
	command: string;
	args: (title: string, body: string) => string[];
}

/** How desktop notifications can be sent here, if at all. */
export function findNotifier(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Notifier | undefined {
	if (platform === 'darwin') {
		const command = findOnPath('osascript', env);
		const quote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
		return command ? {command, args: (title, body) => ['-e', `display notification ${quote(body)} with title ${quote(title)}`]} : undefined;
	}
	const command = findOnPath('notify-send', env);
	return command ? {command, args: (title, body) => ['--app-name=mlwatch', title, body]} : undefined;
}

export function alertText(alerts: Alert[]): string {
	const lines = alerts.slice(0, MAX_LINES).map((alert) => sanitizeLine(alert.message));
	if (alerts.length > MAX_LINES) lines.push(`and ${alerts.length - MAX_LINES} more`);
	return lines.join('\n');
}

/**
 * A function to hand each batch of alerts to. Without --bell or --notify it does nothing;
 * a missing notifier is not an error (`notifier` tells the screen whether there is one).
 */
export function createAlertSink(options: AlertSinkOptions): ((alerts: Alert[]) => void) & {notifier?: Notifier} {
	const notifier = options.notify ? findNotifier(options.env, options.platform) : undefined;
	const write = options.write ?? ((text: string) => process.stdout.write(text));
	const sink = (alerts: Alert[]) => {
		if (alerts.length === 0) return;
		if (options.bell) write(BEL);
		if (notifier) {
			try {
				const child = spawn(notifier.command, notifier.args('mlwatch', alertText(alerts)), {stdio: 'ignore'});
				child.on('error', () => {});
				child.unref();
			} catch {
				// A notification is a courtesy; failing to send one must not disturb the screen.
			}
		}
	};
	return Object.assign(sink, {notifier});
}
