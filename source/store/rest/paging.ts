// Paging through a tracking server. The server's page tokens are wrapped in mlwatch's own
// (so a token from another backend, or garbage, is rejected the same way everywhere), and
// loops that read every page drop what an earlier page already gave (MLflow's tokens are
// offsets: a run created meanwhile shifts the pages) and stop on a token that does not
// advance (MLflow 3.1's get-history answers an empty page with the same token forever
// when max_results is missing).

import {decodePageToken, encodePageToken, InvalidQueryError} from '../page-token.js';

/** mlwatch's token for the next page: how far the caller got, and the server's token. */
export function wrapToken(serverToken: string | undefined, offset: number, cursor?: string): string | undefined {
	if (!serverToken) return undefined;
	return encodePageToken({offset, snapshot: cursor === undefined ? `.${serverToken}` : `${cursor}.${serverToken}`});
}

export interface Unwrapped {
	offset: number;
	serverToken?: string;
	/** Which search this token continues (for dropping repeats across its pages). */
	cursor?: string;
}

export function unwrapToken(token: string | undefined): Unwrapped {
	const decoded = decodePageToken(token);
	if (token === undefined || token === '') return {offset: 0};
	const snapshot = decoded.snapshot;
	const dot = snapshot?.indexOf('.') ?? -1;
	if (snapshot === undefined || dot < 0 || dot === snapshot.length - 1) throw new InvalidQueryError(`invalid page token '${token.length > 40 ? `${token.slice(0, 40)}…` : token}': not one this tracking server gave`);
	const cursor = snapshot.slice(0, dot);
	return {offset: decoded.offset, serverToken: snapshot.slice(dot + 1), ...(cursor ? {cursor} : {})};
}

export interface ServerPage<T> {
	items: T[];
	next?: string;
}

/**
 * Every item of a listing, page after page, each once (by `idOf`; a metric history keeps
 * its repeated points, so it passes none). `maxItems` stops early; `maxPages` bounds a
 * server that never stops giving tokens.
 */
export async function readAllPages<T>(fetch: (token: string | undefined) => Promise<ServerPage<T>>, idOf: ((item: T) => string) | undefined, options: {maxItems?: number; maxPages?: number} = {}): Promise<{items: T[]; complete: boolean}> {
	const seen = new Set<string>();
	const tokens = new Set<string>();
	const items: T[] = [];
	const maxPages = options.maxPages ?? 100_000;
	let token: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const answer = await fetch(token);
		for (const item of answer.items) {
			if (idOf) {
				const id = idOf(item);
				if (seen.has(id)) continue;
				seen.add(id);
			}
			items.push(item);
			if (options.maxItems !== undefined && items.length >= options.maxItems) return {items, complete: answer.next === undefined};
		}
		if (!answer.next) return {items, complete: true};
		// The same token again (or an empty page with one) would loop forever.
		if (tokens.has(answer.next) || answer.items.length === 0) return {items, complete: false};
		tokens.add(answer.next);
		token = answer.next;
	}
	return {items, complete: false};
}

/** At most `limit` tasks at once, results in input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await work(items[index]!, index);
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}

/** MLflow's offset token moved by `by`, or undefined when the token is not one (another server's). */
function shiftedOffsetToken(token: string, by: number): string | undefined {
	try {
		const value = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
		if (!value || typeof value !== 'object' || Object.keys(value).length !== 1 || !Number.isSafeInteger((value as {offset?: unknown}).offset)) return undefined;
		const offset = (value as {offset: number}).offset + by;
		// Spelled as Python's json.dumps spells it.
		return offset < 0 ? undefined : Buffer.from(`{"offset": ${offset}}`).toString('base64');
	} catch {
		return undefined;
	}
}

/**
 * One page of at most `maxResults`, with a next token only when more items exist. MLflow
 * 3.1's SQL store gives a token whenever a page is full, so a full last page would be
 * followed by an empty one: one item more is asked for, to know.
 */
export async function exactPage<T>(ask: (maxResults: number, serverToken: string | undefined) => Promise<ServerPage<T>>, maxResults: number, serverToken: string | undefined, limit: number): Promise<ServerPage<T>> {
	if (maxResults >= limit) return ask(maxResults, serverToken);
	const page = await ask(maxResults + 1, serverToken);
	if (page.items.length <= maxResults) return {items: page.items};
	const next = page.next === undefined ? undefined : shiftedOffsetToken(page.next, -1);
	if (next !== undefined) return {items: page.items.slice(0, maxResults), next};
	// A token mlwatch cannot move: ask for exactly the page.
	return ask(maxResults, serverToken);
}
