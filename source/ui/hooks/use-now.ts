// The current time, ticking only while something on screen depends on it (running
// runs' durations and "last write" ages), so an idle screen is never redrawn.

import {useEffect, useState} from 'react';

export function useNow(active: boolean, everyMs = 5000): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		if (!active) return;
		setNow(Date.now());
		const timer = setInterval(() => setNow(Date.now()), everyMs);
		return () => clearInterval(timer);
	}, [active, everyMs]);
	return now;
}
