// --ascii: the UI's own glyphs come from the ASCII set in theme.ts, but punctuation in
// messages and titles (·, …, —, →) is spread through many views, including screens
// plugged in later. Rather than chase each one, the output stream swaps them for
// one-column ASCII stand-ins on the way to the terminal, so widths do not change.

const STAND_INS: Record<string, string> = {
	'·': '-',
	'…': '~',
	'—': '-',
	'–': '-',
	'→': '>',
	'←': '<',
	'↑': '^',
	'↓': 'v',
	'↵': '~',
	'±': '+',
	'␛': '^',
	'×': 'x',
	'✓': '+',
	'✗': 'x',
	'▲': '^',
	'▼': 'v',
	'●': '*',
	'◆': '@',
	'■': '#',
	'│': '|',
	'─': '-',
};

const PATTERN = new RegExp(`[${Object.keys(STAND_INS).join('')}]`, 'g');

export function toAscii(text: string): string {
	return text.replace(PATTERN, (char) => STAND_INS[char] ?? char);
}

/** The same stream, with toAscii applied to everything written to it. */
export function asciiStream(stream: NodeJS.WriteStream): NodeJS.WriteStream {
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') {
				return (chunk: unknown, ...rest: unknown[]) => (target.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? toAscii(chunk) : chunk, ...rest);
			}
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
