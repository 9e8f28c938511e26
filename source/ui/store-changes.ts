// Tells the data hooks that the store changed, outside React state: a change makes each
// hook re-read what it shows, and only an answer that differs from the one on screen
// draws a frame. Bursts of changes (a training loop appends to a dozen metric files at
// once; a fast writer appends thousands of lines a second) are folded into at most one
// notice per `throttleMs`, so the screen redraws about ten times a second at most.

export const REDRAW_EVERY_MS = 100;

export class StoreChanges {
	private readonly listeners = new Set<() => void>();
	private last = 0;
	private timer: NodeJS.Timeout | undefined;
	private count = 0;

	constructor(private readonly throttleMs = REDRAW_EVERY_MS) {}

	/** How many notices have gone out. */
	get revision(): number {
		return this.count;
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Something changed: notify now, or at the end of the current throttle window. */
	changed(): void {
		const wait = this.last + this.throttleMs - Date.now();
		if (wait <= 0) this.emit();
		else this.timer ??= setTimeout(() => this.emit(), wait);
	}

	/** The user asked for a re-read: notify at once. */
	now(): void {
		this.emit();
	}

	close(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.listeners.clear();
	}

	private emit(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.last = Date.now();
		this.count++;
		for (const listener of [...this.listeners]) listener();
	}
}
