// Scrolls a list only as far as needed to keep the cursor in view (like vim), instead of
// re-centring on every move.

import {useRef} from 'react';

export function useScroll(index: number, height: number, count: number): number {
	const offset = useRef(0);
	const visible = Math.max(1, height);
	let next = offset.current;
	if (index < next) next = index;
	if (index >= next + visible) next = index - visible + 1;
	next = Math.max(0, Math.min(next, Math.max(0, count - visible)));
	offset.current = next;
	return next;
}
