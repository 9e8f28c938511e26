// The last lines a child process wrote, made safe for a terminal. MLflow's log can echo
// names from the store, so every line is sanitised on the way in.

import {sanitizeLine} from '../text/sanitize.js';

export class LogBuffer {
	private readonly lines: string[] = [];
	private partial = '';

	constructor(private readonly limit = 200) {}

	/** Returns the complete lines this chunk finished, sanitised. */
	write(chunk: string): string[] {
		const text = this.partial + chunk;
		const parts = text.split(/\r?\n|\r/);
		this.partial = parts.pop() ?? '';
		return parts.map((line) => this.push(line));
	}

	/** Keeps a last line that never got its newline. */
	flush(): string[] {
		const rest = this.partial ? [this.push(this.partial)] : [];
		this.partial = '';
		return rest;
	}

	tail(count = this.limit): string[] {
		return this.lines.slice(-count);
	}

	private push(raw: string): string {
		const line = sanitizeLine(raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
		this.lines.push(line);
		if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
		return line;
	}
}
