// Owns the MLflow web UI for the TUI: `toggle()` starts it on the first free port and a
// second call stops it; unmounting (quitting) stops it too. Call it once, near the root,
// so the server keeps running while people move between screens.

import {useCallback, useEffect, useRef, useState} from 'react';
import type {StoreAbout, TrackingStore} from '../../store/contract.js';
import {INSTALL_HINT, locateMlflow} from '../../webui/find-mlflow.js';
import {launchWebUi, type WebUiServer, type WebUiSnapshot} from '../../webui/launcher.js';
import {isLoopback, sshTunnelHint} from '../../webui/ssh-hint.js';
import {exposedHostWarning, storeWritesNotice} from '../../webui/store-writes.js';

export interface WebUiOptions {
	store: TrackingStore;
	/** --mlflow */
	mlflow?: string;
	host?: string;
	port?: number;
	env: NodeJS.ProcessEnv;
	cwd: string;
}

export interface WebUiController {
	/** Undefined until first started. */
	snapshot?: WebUiSnapshot;
	/** Set when MLflow is not installed: what to do about it. */
	missing?: string;
	/** What MLflow will create in the store; shown before and while it runs. */
	notice?: string;
	/** A tracking server's own web UI: nothing to start, this is where to look. */
	serverUrl?: string;
	/** The binding is reachable from other machines. */
	warning?: string;
	/** The `ssh -N -L` command, when this session is over SSH and the server is up. */
	sshHint?: string;
	running: boolean;
	start(): void;
	stop(): void;
	/** Start when stopped, stop when running: the W key. */
	toggle(): void;
}

export function useWebUi(options: WebUiOptions): WebUiController {
	const [snapshot, setSnapshot] = useState<WebUiSnapshot | undefined>();
	const [missing, setMissing] = useState<string | undefined>();
	const [about, setAbout] = useState<StoreAbout>({});
	useEffect(() => {
		let active = true;
		options.store.about().then(
			(found) => active && setAbout(found),
			() => {},
		);
		return () => {
			active = false;
		};
	}, [options.store]);
	const server = useRef<WebUiServer | undefined>(undefined);
	const optionsRef = useRef(options);
	optionsRef.current = options;

	const stop = useCallback(() => {
		const current = server.current;
		if (!current) return;
		server.current = undefined;
		void current.stop().then(() => setSnapshot(current.snapshot));
	}, []);

	const start = useCallback(() => {
		if (server.current) return;
		const {store, mlflow, host = '127.0.0.1', port = 5000, env, cwd} = optionsRef.current;
		// A tracking server has its own web UI: there is nothing to start.
		if (store.description.kind === 'rest') return;
		const location = locateMlflow(mlflow, env, cwd);
		if (!location.found) {
			setMissing(`MLflow is not installed here (${location.looked.join('; ')}). The web UI is MLflow's own: ${INSTALL_HINT}. Everything else in mlwatch works without it.`);
			return;
		}
		setMissing(undefined);
		const launched = launchWebUi({mlflowPath: location.path, backendStoreUri: store.description.uri, host, port, env});
		server.current = launched;
		setSnapshot(launched.snapshot);
		launched.on('change', (next: WebUiSnapshot) => setSnapshot(next));
		launched.ready.catch(() => {
			// the failure is in the snapshot; forget the server so W starts afresh
			if (server.current === launched) server.current = undefined;
		});
	}, []);

	const toggle = useCallback(() => {
		const state = server.current?.snapshot.state;
		if (state === 'starting' || state === 'ready') stop();
		else start();
	}, [start, stop]);

	// Quitting mlwatch stops the server (and the launcher's exit hook covers a hard exit).
	useEffect(() => () => void server.current?.stop(), []);

	const host = options.host ?? '127.0.0.1';
	const state = snapshot?.state;
	const running = state === 'starting' || state === 'ready' || state === 'stopping';
	return {
		snapshot,
		missing,
		notice: storeWritesNotice(options.store.description, about),
		...(options.store.description.kind === 'rest' ? {serverUrl: options.store.description.uri} : {}),
		warning: isLoopback(host) ? undefined : exposedHostWarning(host, snapshot?.port ?? options.port ?? 5000),
		sshHint: state === 'ready' && snapshot?.port ? sshTunnelHint(snapshot.port, options.env) : undefined,
		running,
		start,
		stop,
		toggle,
	};
}
