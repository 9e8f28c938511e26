// Turns change events into a version number that data hooks re-read on. Events come in
// bursts (a training loop appends to a dozen metric files at once), so they are folded
// into at most one refresh per `throttleMs`.

import {useCallback, useEffect, useRef, useState} from 'react';
import type {FileStore} from '../../store/file/file-store.js';
import type {ChangeSource} from '../../watch/change-source.js';

export function useStoreVersion(store: FileStore, source: ChangeSource, throttleMs = 500): {version: number; refresh: () => void} {
	const [version, setVersion] = useState(0);
	const lastBump = useRef(0);
	const timer = useRef<NodeJS.Timeout | undefined>(undefined);

	const bump = useCallback(() => {
		const wait = lastBump.current + throttleMs - Date.now();
		if (wait <= 0) {
			lastBump.current = Date.now();
			setVersion((value) => value + 1);
		} else if (!timer.current) {
			timer.current = setTimeout(() => {
				timer.current = undefined;
				lastBump.current = Date.now();
				setVersion((value) => value + 1);
			}, wait);
		}
	}, [throttleMs]);

	useEffect(() => {
		const unsubscribe = source.subscribe((paths) => {
			for (const path of paths) store.invalidate(path);
			bump();
		});
		return () => {
			unsubscribe();
			if (timer.current) clearTimeout(timer.current);
			timer.current = undefined;
		};
	}, [store, source, bump]);

	const refresh = useCallback(() => {
		store.invalidate(store.root);
		lastBump.current = Date.now();
		setVersion((value) => value + 1);
	}, [store]);

	return {version, refresh};
}
