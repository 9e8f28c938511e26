// MLflow's REST API spelling of our entities: protobuf JSON as the tracking server writes
// it. Unset fields and empty lists are omitted, int64 stay numbers, and NaN/±Infinity
// become the strings "NaN", "Infinity" and "-Infinity".

/**
 * Names of fields a backend filled in because its source left them out (a tracking
 * server's run without `outputs`, say): they are not printed, so the JSON stays the source's.
 */
export const FILLED_IN: unique symbol = Symbol('fields filled in');

export function toWire(value: unknown): unknown {
	if (typeof value === 'number') {
		if (Number.isNaN(value)) return 'NaN';
		if (value === Number.POSITIVE_INFINITY) return 'Infinity';
		if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
		return value;
	}
	if (Array.isArray(value)) return value.map(toWire);
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		const filled = (value as {[FILLED_IN]?: ReadonlySet<string>})[FILLED_IN];
		for (const [key, inner] of Object.entries(value)) {
			if (inner === undefined || filled?.has(key)) continue;
			if (Array.isArray(inner) && inner.length === 0) continue;
			out[key] = toWire(inner);
		}
		return out;
	}
	return value;
}

/** Pretty JSON for stdout, in the wire spelling. */
export function wireJson(value: unknown): string {
	return JSON.stringify(toWire(value), null, 2);
}
