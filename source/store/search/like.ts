// SQL LIKE as SQLite runs it for MLflow (case_sensitive_like on, no ESCAPE clause):
// `%` is any run of characters, `_` exactly one character, everything else literal.
//
// MLflow's file store instead turns the pattern into a regex without escaping it, so there
// `.` `+` `(` ... act as regex syntax and `%` stops at a newline. We deliberately do not copy
// that: the same filter should select the same runs whichever store mlwatch reads.

const cache = new Map<string, RegExp>();

function compile(pattern: string, caseInsensitive: boolean): RegExp {
	const cacheKey = (caseInsensitive ? 'i' : 's') + pattern;
	let regex = cache.get(cacheKey);
	if (regex === undefined) {
		let source = '';
		for (const char of pattern) {
			if (char === '%') source += '[\\s\\S]*';
			else if (char === '_') source += '[\\s\\S]';
			else source += char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
		}
		// `u` makes `_` one code point (not half a surrogate pair) and gives ILIKE Unicode case
		// folding, as Python's re.IGNORECASE does in the file store (SQLite only folds ASCII).
		regex = new RegExp(`^${source}$`, caseInsensitive ? 'iu' : 'u');
		if (cache.size > 500) cache.clear();
		cache.set(cacheKey, regex);
	}
	return regex;
}

/** Case-sensitive SQL LIKE. */
export function like(value: string, pattern: string): boolean {
	return compile(pattern, false).test(value);
}

/** Case-insensitive SQL LIKE (ILIKE). */
export function ilike(value: string, pattern: string): boolean {
	return compile(pattern, true).test(value);
}
