// The current time, ticking only while something on screen depends on it (running
// runs' durations and "last write" ages), so an idle screen is never redrawn. Each tick
// redraws the whole screen (tens of milliseconds on a big one), so it is slow: the ages it
// moves on are in seconds to minutes, and screens that show them also take the time
// afresh whenever the store changes.

import {useEffect, useState} from 'react';

export function useNow(active: boolean, everyMs = 10_000): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		if (!active) return;
		setNow(Date.now());
		const timer = setInterval(() => setNow(Date.now()), everyMs);
		return () => clearInterval(timer);
	}, [active, everyMs]);
	return now;
}
