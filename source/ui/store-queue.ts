// Store reads from the UI go through one queue, one at a time: what the user is looking
// at first, background counting (runs per experiment) after. Serialising also keeps two
// incremental refreshes of the same run from racing each other inside the FileStore cache.

type Priority = 'high' | 'low';

interface Task {
	start: () => Promise<void>;
}

export class StoreQueue {
	private readonly high: Task[] = [];
	private readonly low: Task[] = [];
	private busy = false;

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
		const task = this.high.shift() ?? this.low.shift();
		if (!task) return;
		this.busy = true;
		void task.start().finally(() => {
			this.busy = false;
			this.pump();
		});
	}
}
