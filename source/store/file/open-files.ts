// A cap on how many files and folders the store reader holds open at once. Reading a big
// store starts tens of thousands of reads together (every file of every run); unbounded,
// they run the process out of file descriptors (EMFILE), and a file that could not be
// opened would be reported as unreadable and left off the screen. Above a few dozen
// parallel reads a local disk gets no faster, so the cap costs nothing; a read that still
// meets EMFILE (descriptors taken elsewhere in the process) waits and tries again.

export const MAX_OPEN = 96;
const RETRIES = 20;
const RETRY_MS = 25;

let open = 0;
const waiting: Array<() => void> = [];

function release(): void {
	open--;
	waiting.shift()?.();
}

async function acquire(): Promise<void> {
	if (open < MAX_OPEN) {
		open++;
		return;
	}
	await new Promise<void>((resolve) => waiting.push(resolve));
	open++;
}

function outOfDescriptors(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException)?.code;
	return code === 'EMFILE' || code === 'ENFILE';
}

/** Runs `use` (which opens a file or folder and closes it again) within the cap. */
export async function withOpenFile<T>(use: () => Promise<T>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		await acquire();
		try {
			return await use();
		} catch (error) {
			if (!outOfDescriptors(error) || attempt >= RETRIES) throw error;
		} finally {
			release();
		}
		await new Promise((resolve) => setTimeout(resolve, RETRY_MS * (attempt + 1)));
	}
}
