// Alerts while the TUI is open: each new look at the running runs (from the store
// overview, which follows store changes) is compared with the last one by AlertMonitor;
// the first look is only a baseline, so what had already ended before mlwatch started
// says nothing. A run that goes quiet changes nothing on disk, so the last look is also
// judged again on a clock. Every alert is a status-bar message; --bell rings the terminal
// bell and --notify sends a desktop notification as well.

import {useStdout} from 'ink';
import {useEffect, useRef} from 'react';
import {createAlertSink} from '../../live/alert-sink.js';
import {AlertMonitor} from '../../live/alerts.js';
import {recordOf, type RunRecord} from '../../store/run-record.js';
import {alertFlash, type Tone} from '../model/alert-flash.js';
import type {RunningEntry} from '../model/running-rows.js';
import {useStoreHandle} from '../store-context.js';

/** Runs turn stalled after five minutes of quiet at the earliest; judging this often is soon enough. */
export const STALL_LOOK_MS = 30_000;

export interface AlertOptions {
	bell: boolean;
	notify: boolean;
	flash: (text: string, tone?: Tone) => void;
	/** The running runs as last looked at; undefined before the first look. */
	running: readonly RunningEntry[] | undefined;
}

export function useAlerts({bell, notify, flash, running}: AlertOptions): void {
	const {store, queue} = useStoreHandle();
	const {write} = useStdout();
	const latest = useRef({flash, write});
	latest.current = {flash, write};
	// One monitor for the session; looks are judged one after another.
	const monitor = useRef(new AlertMonitor()).current;
	const judging = useRef(Promise.resolve());
	const judge = useRef<(records: readonly RunRecord[]) => void>(() => {});
	const lastLook = useRef<readonly RunRecord[] | undefined>(undefined);

	useEffect(() => {
		// Through Ink, which puts its frame back after the write.
		const sink = createAlertSink({bell, notify, write: (text) => latest.current.write(text)});
		if (notify && !sink.notifier) latest.current.flash('--notify: no notify-send or osascript here; alerts show in this line only.', 'warn');
		let active = true;
		const finalState = (runId: string) => queue.run(async () => {
			const run = await store.getRun(runId);
			return run && recordOf(run);
		}, 'low');
		judge.current = (records) => {
			judging.current = judging.current
				.then(() => monitor.observe(records, finalState))
				.then((alerts) => {
					if (!active || alerts.length === 0) return;
					const {text, tone} = alertFlash(alerts);
					latest.current.flash(text, tone);
					sink(alerts);
				})
				// A failed look is not an alert; the next one tries again.
				.catch(() => {});
		};
		const clock = setInterval(() => {
			if (lastLook.current) judge.current(lastLook.current);
		}, STALL_LOOK_MS);
		return () => {
			active = false;
			clearInterval(clock);
		};
	}, [store, queue, monitor, bell, notify]);

	useEffect(() => {
		if (!running) return;
		const records = running.map((entry) => entry.record);
		lastLook.current = records;
		judge.current(records);
	}, [running]);
}
