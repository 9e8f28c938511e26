// How Python spells values in the files MLflow writes: `str(float)` in metric lines and
// params, and PyYAML's plain-or-quoted scalars in meta.yaml. The demo store has to be
// byte-for-byte what MLflow would write, or the oracle tests would be comparing mlwatch
// with itself.

/** Python's `repr(float)`: shortest round-trip digits, `1e-05`, `5.0`, `nan`, `inf`. */
export function pyFloat(value: number): string {
	if (Number.isNaN(value)) return 'nan';
	if (value === Number.POSITIVE_INFINITY) return 'inf';
	if (value === Number.NEGATIVE_INFINITY) return '-inf';
	if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
	// toExponential() without an argument gives the shortest digits that round-trip.
	const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
	const exponent = Number(exponentText);
	if (exponent < -4 || exponent >= 16) {
		const sign = exponent < 0 ? '-' : '+';
		return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
	}
	const negative = mantissa.startsWith('-');
	const digits = mantissa.replace('-', '').replace('.', '');
	let text: string;
	if (exponent >= 0) {
		const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
		const fraction = digits.slice(exponent + 1);
		text = `${whole}.${fraction || '0'}`;
	} else {
		text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
	}
	return negative ? `-${text}` : text;
}

/** Python's `str()` of a param value as the demo logs them (ints stay ints). */
export function pyStr(value: string | number | boolean): string {
	if (typeof value === 'boolean') return value ? 'True' : 'False';
	if (typeof value === 'number') return Number.isInteger(value) && !Object.is(value, -0) && Math.abs(value) < 1e16 ? String(value) : pyFloat(value);
	return value;
}

// PyYAML's implicit resolvers (YAML 1.1): a plain scalar matching one of these would read
// back as a bool, int, float, null, timestamp, merge or value key, so PyYAML quotes it.
const RESOLVES_TO_NON_STRING = [
	/^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
	/^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
	/^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
	/^(?:<<|~|null|Null|NULL|=)$/,
	/^$/,
	/^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?$/,
];

/** Can PyYAML's emitter write this as a plain (unquoted) block scalar? */
function plainAllowed(text: string): boolean {
	if (text === '' || /^[\s]|[\s]$/.test(text)) return false;
	if (/^[#,[\]{}&*!|>'"%@`]/.test(text)) return false;
	if (/^[-?:](?:\s|$)/.test(text)) return false;
	if (/: |:$| #/.test(text)) return false;
	// Line breaks, control characters and anything non-printable get quoted.
	return !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text);
}

/** A YAML scalar as PyYAML's `safe_dump` writes it. */
export function yamlScalar(value: string | number | null): string {
	if (value === null) return 'null';
	if (typeof value === 'number') return String(value);
	if (plainAllowed(value) && !RESOLVES_TO_NON_STRING.some((pattern) => pattern.test(value))) return value;
	return `'${value.replace(/'/g, "''")}'`;
}

/** A meta.yaml body: one `key: value` line per key, keys sorted as PyYAML sorts them. */
export function yamlMapping(fields: Record<string, string | number | null | never[]>): string {
	return Object.keys(fields)
		.sort()
		.map((key) => {
			const value = fields[key]!;
			return `${key}: ${Array.isArray(value) ? '[]' : yamlScalar(value)}\n`;
		})
		.join('');
}
