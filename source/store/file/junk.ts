// Files that operating systems and editors drop into folders; MLflow would read them as
// keys (and fail on them as metrics). mlwatch skips them and says so.

const JUNK = /^(?:\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|\.#.*|.*\.sw[op]|.*~)$/;

export function isJunkName(name: string): boolean {
	return JUNK.test(name);
}
