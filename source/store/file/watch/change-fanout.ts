// Collects changed paths and hands them to subscribers in batches. A writer appending
// thousands of lines a second must not mean thousands of re-reads: the first change opens
// a short window, everything that changes inside it goes out together when it closes.
// (A plain debounce would starve under a writer that never pauses.)

export type ChangeListener = (paths: string[]) => void;

// Long enough to gather one training step's writes to a dozen metric files, short next to
// the 250 ms an update may take to reach the screen.
export const DEFAULT_BATCH_MS = 25;

export class ChangeFanout {
	private readonly listeners = new Set<ChangeListener>();
	private pending = new Set<string>();
	private timer?: NodeJS.Timeout;
	private closed = false;

	constructor(private readonly windowMs = DEFAULT_BATCH_MS) {}

	subscribe(listener: ChangeListener): () => void {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	}

	add(path: string): void {
		if (this.closed) return;
		this.pending.add(path);
		this.timer ??= setTimeout(() => this.flush(), this.windowMs);
	}

	flush(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (this.pending.size === 0) return;
		const paths = [...this.pending];
		this.pending = new Set();
		for (const listener of [...this.listeners]) {
			try {
				listener(paths);
			} catch {
				// One subscriber's bug must not stop the others from hearing about changes.
			}
		}
	}

	close(): void {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.pending.clear();
		this.listeners.clear();
	}
}
