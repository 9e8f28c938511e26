// Page tokens as MLflow makes them (base64 of {"offset": N}), with room for a backend's
// own fields. A token that does not decode is the caller's mistake, said plainly.

export class InvalidQueryError extends Error {}

export interface PageToken {
	offset: number;
	/** A backend's handle on the result it paged through (the file store's snapshot). */
	snapshot?: string;
}

export function encodePageToken(token: PageToken): string {
	return Buffer.from(JSON.stringify(token)).toString('base64');
}

export function decodePageToken(text: string | undefined): PageToken {
	if (text === undefined || text === '') return {offset: 0};
	try {
		const value = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Partial<PageToken>;
		if (typeof value.offset === 'number' && Number.isSafeInteger(value.offset) && value.offset >= 0) {
			return value.snapshot === undefined ? {offset: value.offset} : {offset: value.offset, snapshot: String(value.snapshot)};
		}
	} catch {
		// fall through
	}
	throw new InvalidQueryError(`invalid page token '${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`);
}
