// A value read from the store. On a refresh (same `identity`, newer `version`) the old
// value stays on screen until the new one arrives, so live updates never flash
// "loading"; when the question itself changes (`identity`), the old answer is dropped.
// Answers to questions no longer asked are ignored, and a failed read becomes a message.

import {useEffect, useRef, useState} from 'react';

export interface AsyncValue<T> {
	value?: T;
	loading: boolean;
	error?: string;
}

export function useAsync<T>(read: (() => Promise<T>) | undefined, identity: string, version = 0): AsyncValue<T> {
	const [state, setState] = useState<AsyncValue<T> & {identity?: string}>({loading: read !== undefined});
	const latest = useRef(0);
	const enabled = read !== undefined;
	useEffect(() => {
		if (!read) return;
		const ticket = ++latest.current;
		setState((previous) => (previous.identity === identity ? (previous.loading ? previous : {...previous, loading: true}) : {loading: true, identity}));
		read().then(
			(value) => {
				if (ticket === latest.current) setState({value, loading: false, identity});
			},
			(error: unknown) => {
				if (ticket === latest.current) setState((previous) => ({...previous, loading: false, identity, error: error instanceof Error ? error.message : String(error)}));
			},
		);
		return () => {
			if (ticket === latest.current) latest.current++;
		};
		// `identity` and `version` stand for everything `read` depends on.
	}, [identity, version, enabled]);
	if (state.identity !== undefined && state.identity !== identity) return {loading: enabled};
	return state;
}
