// Opens the terminal UI: full screen on the alternate screen, and the terminal put back
// however the UI ends (q, Ctrl-C, SIGTERM, SIGHUP, or a crash).

import {render} from 'ink';
import React from 'react';
import type {ChangeFeed, FollowOptions, TrackingStore} from './store/contract.js';
import {allExperiments, findExperiments} from './store/queries.js';
import {FIRST_PAGE} from './ui/hooks/use-runs.js';
import {App} from './ui/App.js';
import type {WebUiSettings} from './ui/webui/web-ui-context.js';
import {asciiStream} from './ui/ascii-output.js';
import {makeTheme} from './ui/theme.js';

export interface TuiOptions {
	store: TrackingStore;
	/** Experiment id or name to focus first. */
	experiment?: string;
	ascii: boolean;
	/** How to follow the store (--poll[=MS]); false shows a snapshot that r re-reads. */
	follow: FollowOptions | false;
	bell: boolean;
	notify: boolean;
	/** For the web UI (W) and the health screen (H): --mlflow, --host, --port. */
	webUi?: WebUiSettings;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

const SIGNAL_CODES = {SIGTERM: 143, SIGHUP: 129, SIGINT: 130} as const;

/** A feed that never speaks: the store as it was, until r. */
export const silentFeed: ChangeFeed = {mode: 'none', subscribe: () => () => {}, ready: async () => {}, close: async () => {}};

async function prefetchFirstScreen(store: TrackingStore, experimentId: string | undefined): Promise<void> {
	try {
		const experiments = await allExperiments(store, 'ALL');
		const shown = experimentId ?? experiments.find((experiment) => experiment.lifecycle_stage === 'active')?.experiment_id;
		if (shown !== undefined) await store.searchRuns({experimentIds: [shown], maxResults: FIRST_PAGE});
	} catch {
		// The screens ask again and report what goes wrong.
	}
}

export async function openTui(options: TuiOptions): Promise<number> {
	const {stdin, stdout} = process;
	if (!stdin.isTTY || !stdout.isTTY) {
		process.stderr.write(
			'mlwatch: the terminal UI needs an interactive terminal (stdin and stdout must be a TTY).\n' +
				"For scripts and pipes use the headless commands, e.g. 'mlwatch experiments', 'mlwatch runs --json'; see 'mlwatch --help'.\n",
		);
		return 2;
	}
	const {store} = options;
	// Resolve --experiment before taking over the screen, so a typo is a plain message.
	let experimentId: string | undefined;
	if (options.experiment !== undefined) {
		const [experiment] = await findExperiments(store, [options.experiment]);
		experimentId = experiment?.experiment_id;
	}
	const feed = options.follow === false ? silentFeed : store.follow(options.follow);
	// The first screen's questions, asked while Ink and React start: the data hooks then
	// find them already read (a followed store keeps what it read).
	void prefetchFirstScreen(store, experimentId);
	const theme = makeTheme({ascii: options.ascii, env: process.env});

	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
	};
	stdout.write(ENTER_ALT_SCREEN);
	let exitCode = 0;
	let crash: unknown;
	const instance = render(<App store={store} feed={feed} theme={theme} webUi={options.webUi} bell={options.bell} notify={options.notify} {...(experimentId === undefined ? {} : {experimentId})} />, {
		stdin,
		stdout: options.ascii ? asciiStream(stdout) : stdout,
		exitOnCtrlC: false,
		patchConsole: true,
		// Not ink 6.8's incrementalRendering: when the frame is shorter than the screen it
		// writes every line one row too low, repeating the first changed line. The standard
		// renderer redraws inside synchronized-output brackets. Store updates come at most
		// ten times a second (ui/store-changes.ts); Ink's own frame limit is set higher so a
		// key press right after an update is not held back for the rest of a 100 ms window.
		incrementalRendering: false,
		maxFps: 60,
	});
	const onSignal = (signal: keyof typeof SIGNAL_CODES) => () => {
		exitCode = SIGNAL_CODES[signal];
		instance.unmount();
	};
	const handlers = {SIGTERM: onSignal('SIGTERM'), SIGHUP: onSignal('SIGHUP'), SIGINT: onSignal('SIGINT')};
	const onCrash = (error: unknown) => {
		crash = error;
		instance.unmount();
	};
	for (const [signal, handler] of Object.entries(handlers)) process.once(signal, handler);
	process.once('uncaughtException', onCrash);
	process.once('unhandledRejection', onCrash);
	try {
		await instance.waitUntilExit();
	} catch (error) {
		crash = error;
	} finally {
		for (const [signal, handler] of Object.entries(handlers)) process.off(signal, handler);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
		restore();
		await feed.close().catch(() => {});
		await store.close().catch(() => {});
	}
	if (crash !== undefined) {
		process.stderr.write(`mlwatch: the terminal UI crashed: ${(crash as Error)?.stack ?? String(crash)}\nThe store was not modified. Please report this with the command you ran.\n`);
		return 70;
	}
	return exitCode;
}
