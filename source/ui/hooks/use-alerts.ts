// Alerts while the TUI is open: after store changes (and on a clock, since a run that goes
// quiet changes nothing on disk) the running runs are looked at again and compared with
// the last look (AlertMonitor; the first look is only a baseline, so what had already
// ended before mlwatch started says nothing). Every alert is a status-bar message; --bell
// rings the terminal bell and --notify sends a desktop notification as well. The reads go
// through the UI's queue behind what is on screen, one experiment at a time, so a look at
// a big store that is not cached yet does not hold up the screen.

import {useStdout} from 'ink';
import {useEffect, useRef} from 'react';
import {createAlertSink} from '../../live/alert-sink.js';
import {AlertMonitor} from '../../live/alerts.js';
import type {TrackingStore} from '../../store/backend.js';
import {alertFlash, type Tone} from '../model/alert-flash.js';
import {useStoreHandle} from '../store-context.js';
import type {StoreQueue} from '../store-queue.js';

/** At most one look a second: change notices come up to ten times a second. */
export const ALERT_LOOK_MS = 1000;
/**
 * And spend at most a tenth of the time looking: a look lists every experiment (250 ms
 * for 5000 runs, once cached), but waits no more than this between looks.
 */
const LOOK_SHARE = 10;
const LONGEST_GAP_MS = 10_000;
/** Runs turn stalled after five minutes of quiet at the earliest; a look this often is soon enough. */
export const STALL_LOOK_MS = 30_000;

/** The store with every read queued at low priority, each on its own. */
function queuedReads(store: TrackingStore, queue: StoreQueue): TrackingStore {
	const low = <T>(read: () => Promise<T>) => queue.run(read, 'low');
	return {
		description: store.description,
		listExperiments: (view) => low(() => store.listExperiments(view)),
		getExperiment: (id) => low(() => store.getExperiment(id)),
		listRuns: (id, view) => low(() => store.listRuns(id, view)),
		getRun: (id) => low(() => store.getRun(id)),
		getMetricHistory: (id, key) => low(() => store.getMetricHistory(id, key)),
		listArtifacts: (id, path) => low(() => store.listArtifacts(id, path)),
		listLoggedModels: (id) => low(() => store.listLoggedModels(id)),
		listRegisteredModels: () => low(() => store.listRegisteredModels()),
		getTraceSummary: (id) => low(() => store.getTraceSummary(id)),
		problems: () => store.problems(),
	};
}

export interface AlertOptions {
	bell: boolean;
	notify: boolean;
	flash: (text: string, tone?: Tone) => void;
}

export function useAlerts({bell, notify, flash}: AlertOptions): void {
	const {store, queue, changes} = useStoreHandle();
	const {write} = useStdout();
	const latest = useRef({flash, write});
	latest.current = {flash, write};

	useEffect(() => {
		const monitor = new AlertMonitor();
		const reads = queuedReads(store, queue);
		// Through Ink, which puts its frame back after the write.
		const sink = createAlertSink({bell, notify, write: (text) => latest.current.write(text)});
		if (notify && !sink.notifier) latest.current.flash('--notify: no notify-send or osascript here; alerts show in this line only.', 'warn');
		let active = true;
		let looking = false;
		let again = false;
		let last = 0;
		let gap = ALERT_LOOK_MS;
		let timer: NodeJS.Timeout | undefined;
		const look = (baseline: boolean): void => {
			if (!active) return;
			if (looking) {
				again = true;
				return;
			}
			looking = true;
			const started = Date.now();
			last = started;
			monitor
				.check(reads)
				.then(
					(alerts) => {
						if (!active || alerts.length === 0) return;
						const {text, tone} = alertFlash(alerts);
						latest.current.flash(text, tone);
						sink(alerts);
					},
					// A failed look is not an alert; the next one tries again.
					() => {},
				)
				.finally(() => {
					// The first look reads the store cold; it says nothing about the next ones.
					if (!baseline) gap = Math.min(LONGEST_GAP_MS, Math.max(ALERT_LOOK_MS, (Date.now() - started) * LOOK_SHARE));
					looking = false;
					if (again) {
						again = false;
						soon();
					}
				});
		};
		const soon = (): void => {
			if (!active || timer) return;
			timer = setTimeout(() => {
				timer = undefined;
				look(false);
			}, Math.max(0, last + gap - Date.now()));
		};
		look(true);
		const unsubscribe = changes.subscribe(soon);
		const clock = setInterval(soon, STALL_LOOK_MS);
		return () => {
			active = false;
			unsubscribe();
			clearInterval(clock);
			if (timer) clearTimeout(timer);
		};
	}, [store, queue, changes, bell, notify]);
}
