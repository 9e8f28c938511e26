// Store reads from the UI go through one queue, one at a time: what the user is looking
// at first, background work (the store overview behind the experiment counts, the running
// screen and the alerts) after. Serialising also keeps two incremental refreshes of the
// same run from racing each other inside the FileStore cache. A background read, once
// started, cannot be interrupted (a cold experiment of 1000 runs takes seconds), so one
// starts only after the foreground has been quiet for a moment: the screen's own read is
// often queued just after, by the same render (the runs pane's experiment is known only
// once the experiments list has been drawn).

type Priority = 'high' | 'low';

interface Task {
	start: () => Promise<void>;
}

const BACKGROUND_AFTER_MS = 50;

export class StoreQueue {
	private readonly high: Task[] = [];
	private readonly low: Task[] = [];
	private busy = false;
	private lowTimer: NodeJS.Timeout | undefined;

	run<T>(work: () => Promise<T>, priority: Priority = 'high'): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			(priority === 'high' ? this.high : this.low).push({
				start: () => work().then(resolve, reject),
			});
			this.pump();
		});
	}

	private pump(): void {
		if (this.busy) return;
		const task = this.high.shift();
		if (task) return this.start(task);
		if (this.low.length === 0 || this.lowTimer) return;
		this.lowTimer = setTimeout(() => {
			this.lowTimer = undefined;
			if (this.busy) return;
			const next = this.high.shift() ?? this.low.shift();
			if (next) this.start(next);
		}, BACKGROUND_AFTER_MS);
	}

	private start(task: Task): void {
		this.busy = true;
		void task.start().finally(() => {
			this.busy = false;
			this.pump();
		});
	}
}
