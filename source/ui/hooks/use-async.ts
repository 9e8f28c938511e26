// A value read from the store. The read runs when the question (`identity`) is first
// asked and again on every store change notice that concerns it (`relevant`); while a
// re-read is under way the old answer stays on screen (live updates never flash
// "loading"), and an answer equal to the one shown draws nothing. A read may show part of
// its answer as it goes (`publish`: the first page of runs while the rest is read). Re-reads
// never pile up: a notice that comes while one is running starts one more when it ends.
// A failed read becomes a message.

import {useEffect, useRef, useState} from 'react';
import type {StoreChange} from '../../store/contract.js';
import type {StoreChanges} from '../store-changes.js';

export interface AsyncValue<T> {
	value?: T;
	/** True until the first whole answer, and while a part of one is shown. */
	loading: boolean;
	error?: string;
}

/** Reads the answer; may show parts of it first through `publish`. */
export type Read<T> = (publish: (partial: T) => void) => Promise<T>;

/**
 * Whether a new answer shows the same thing as the old one. The store hands back the
 * same record object while a run has not changed, so arrays are compared item by item,
 * and items that are plain data (metric points) field by field.
 */
export function sameAnswer(a: unknown, b: unknown, depth = 0): boolean {
	if (Object.is(a, b)) return true;
	if (depth > 2 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a)) {
		const other = b as unknown[];
		return a.length === other.length && a.every((item, index) => sameAnswer(item, other[index], depth + 1));
	}
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((key) => {
		const left = (a as Record<string, unknown>)[key];
		const right = (b as Record<string, unknown>)[key];
		// Nested objects only count as equal when they are the same object.
		return Object.is(left, right) || (typeof left !== 'object' && typeof right !== 'object' && left === right) || (Array.isArray(left) && sameAnswer(left, right, depth + 1));
	});
}

type Shown<T> = AsyncValue<T> & {identity?: string};

export interface AsyncOptions {
	/** Which store changes concern this question (default: all of them). */
	relevant?: (change: StoreChange) => boolean;
	/** Keep showing the last answer while a new question is read (rows scrolled into view). */
	keepPrevious?: boolean;
}

export function useAsync<T>(read: Read<T> | undefined, identity: string, changes?: StoreChanges, {relevant, keepPrevious = false}: AsyncOptions = {}): AsyncValue<T> {
	const [state, setState] = useState<Shown<T>>({loading: read !== undefined});
	// The newest closures: a re-read asks the question as the last render put it.
	const latestRead = useRef(read);
	latestRead.current = read;
	const latestRelevant = useRef(relevant);
	latestRelevant.current = relevant;
	const enabled = read !== undefined;
	useEffect(() => {
		if (!enabled) return;
		let active = true;
		let running = false;
		let again = false;
		setState((previous) => (previous.identity === identity ? (previous.loading ? previous : {...previous, loading: true}) : keepPrevious && previous.value !== undefined ? {loading: true, identity, value: previous.value} : {loading: true, identity}));
		const load = (): void => {
			const current = latestRead.current;
			if (!active || !current) return;
			if (running) {
				again = true;
				return;
			}
			running = true;
			const publish = (partial: T): void => {
				if (!active) return;
				// Only while nothing whole is shown: a re-read keeps the last whole answer on screen.
				setState((previous) => (previous.identity === identity && (!previous.loading || sameAnswer(previous.value, partial)) && previous.value !== undefined ? previous : {value: partial, loading: true, identity}));
			};
			current(publish)
				.then(
					(value) => {
						if (!active) return;
						setState((previous) => (previous.identity === identity && !previous.loading && previous.error === undefined && sameAnswer(previous.value, value) ? previous : {value, loading: false, identity}));
					},
					(error: unknown) => {
						if (!active) return;
						setState((previous) => ({...previous, loading: false, identity, error: error instanceof Error ? error.message : String(error)}));
					},
				)
				.finally(() => {
					running = false;
					if (again) {
						again = false;
						load();
					}
				});
		};
		load();
		const unsubscribe = changes?.subscribe((change) => {
			const concerns = latestRelevant.current;
			if (!concerns || concerns(change)) load();
		});
		return () => {
			active = false;
			unsubscribe?.();
		};
		// `identity` stands for everything `read` depends on.
	}, [identity, enabled, changes]);
	if (state.identity !== undefined && state.identity !== identity) return keepPrevious && state.value !== undefined ? {value: state.value, loading: true} : {loading: enabled};
	return state;
}
