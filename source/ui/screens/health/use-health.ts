// Runs the health checks for the health screen: once when it opens, again every
// `refreshMs` while it stays open (`enabled`), and on demand. The last report stays on
// screen while a new one is being made.

import {useCallback, useEffect, useRef, useState} from 'react';
import {runHealthChecks} from '../../../health/engine.js';
import type {HealthOptions} from '../../../health/context.js';
import type {HealthReport} from '../../../health/types.js';

export interface HealthState {
	report?: HealthReport;
	loading: boolean;
	error?: string;
	refresh: () => void;
}

export function useHealth(options: HealthOptions, refreshMs = 30_000, enabled = true): HealthState {
	const [state, setState] = useState<{report?: HealthReport; loading: boolean; error?: string}>({loading: true});
	const [round, setRound] = useState(0);
	const latest = useRef(0);
	const optionsRef = useRef(options);
	optionsRef.current = options;
	const identity = `${options.opened?.store.description.uri ?? options.store ?? ''}\0${options.mlflow ?? ''}\0${options.cwd}`;

	useEffect(() => {
		if (!enabled) return;
		const ticket = ++latest.current;
		let timer: NodeJS.Timeout | undefined;
		setState((previous) => ({...previous, loading: true}));
		runHealthChecks({...optionsRef.current, now: Date.now()}).then(
			(report) => {
				if (ticket !== latest.current) return;
				setState({report, loading: false});
				timer = setTimeout(() => setRound((value) => value + 1), refreshMs);
			},
			(error: unknown) => {
				if (ticket === latest.current) setState((previous) => ({...previous, loading: false, error: error instanceof Error ? error.message : String(error)}));
			},
		);
		return () => {
			latest.current++;
			clearTimeout(timer);
		};
	}, [identity, round, refreshMs, enabled]);

	const refresh = useCallback(() => setRound((value) => value + 1), []);
	return {...state, refresh};
}
