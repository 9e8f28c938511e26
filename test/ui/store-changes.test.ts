// How store changes turn into redraws: a burst is one notice per window, and a busy
// process gets fewer of them so key presses still get their frame at once.

import {describe, expect, it, vi} from 'vitest';
import {INPUT_GRACE_MS, stretchFor, StoreChanges} from '../../source/ui/store-changes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('store change notices', () => {
	it('folds a burst of changes into one notice now and one at the end of the window', async () => {
		const changes = new StoreChanges(500);
		const times: number[] = [];
		changes.subscribe(() => times.push(Date.now()));
		const start = Date.now();
		for (let i = 0; i < 50; i++) changes.changed();
		expect(times).toHaveLength(1);
		while (times.length < 2 && Date.now() - start < 5000) {
			changes.changed();
			await sleep(20);
		}
		expect(times).toHaveLength(2);
		expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(490);
		changes.close();
	});

	it('answers a re-read asked for by the user at once, whatever the window', () => {
		const changes = new StoreChanges(100);
		let notices = 0;
		changes.subscribe(() => notices++);
		changes.changed();
		changes.now();
		expect(notices).toBe(2);
		changes.close();
	});

	it('waits up to five windows when the event loop has been busy, and one when it has not', () => {
		expect(stretchFor(0)).toBe(1);
		expect(stretchFor(0.5)).toBe(1);
		expect(stretchFor(0.75)).toBe(3);
		expect(stretchFor(1)).toBe(5);
	});

	it('stretches the window after a busy spell', async () => {
		const changes = new StoreChanges(50);
		const times: number[] = [];
		changes.subscribe(() => times.push(Date.now()));
		changes.changed();
		// Busy for the whole window: the next notice waits about five windows.
		const until = Date.now() + 60;
		while (Date.now() < until);
		changes.changed();
		const waiting = Date.now();
		while (times.length < 2 && Date.now() - waiting < 3000) await sleep(10);
		expect(times).toHaveLength(2);
		expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(200);
		changes.close();
	});

	it('holds new data back while the user is pressing keys, and sends it when they pause', () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'Date']});
		try {
			const changes = new StoreChanges(10);
			let notices = 0;
			changes.subscribe(() => notices++);
			changes.inputSeen();
			changes.changed();
			vi.advanceTimersByTime(INPUT_GRACE_MS / 2);
			// Another key: the grace starts again.
			changes.inputSeen();
			vi.advanceTimersByTime(INPUT_GRACE_MS - 10);
			expect(notices).toBe(0);
			vi.advanceTimersByTime(20);
			expect(notices).toBe(1);
			changes.close();
		} finally {
			vi.useRealTimers();
		}
	});
});
