// Text from a store is untrusted: a run name or tag can hold escape sequences that would
// move the cursor, retitle the window or worse. Everything shown goes through here.

// C0 controls except tab and newline, DEL, C1 controls, and bidi overrides that can
// visually reorder a line.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
	const code = char.codePointAt(0)!;
	if (code === 0x1b) return '␛';
	return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Safe for a terminal; newlines and tabs kept. */
export function sanitize(text: string): string {
	return text.replace(UNSAFE, visible);
}

/** Safe for a terminal and on one line (table cells, titles). */
export function sanitizeLine(text: string): string {
	return sanitize(text).replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
}

/** JSON.stringify escapes C0 controls but not C1 ones or bidi overrides; do those too. */
export function escapeJsonForTerminal(json: string): string {
	return json.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
