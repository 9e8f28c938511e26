// A batch of alerts as one status-bar message: the first few in words, the tone of the
// worst (a failure or NaN in red, a stalled run in yellow, a finished run as news).

import type {Alert, AlertKind} from '../../live/alerts.js';

export type Tone = 'info' | 'warn' | 'error';

const TONES: Record<AlertKind, Tone> = {finished: 'info', stalled: 'warn', killed: 'error', failed: 'error', 'non-finite': 'error'};
const RANK: Record<Tone, number> = {info: 0, warn: 1, error: 2};
const SHOWN = 2;

export function alertFlash(alerts: readonly Alert[]): {text: string; tone: Tone} {
	// Worst first, so a failure is not hidden behind news of runs that finished.
	const sorted = [...alerts].sort((a, b) => RANK[TONES[b.kind]] - RANK[TONES[a.kind]]);
	const tone = sorted[0] ? TONES[sorted[0].kind] : 'info';
	const text = sorted.slice(0, SHOWN).map((alert) => alert.message).join('; ');
	const more = alerts.length - SHOWN;
	return {text: more > 0 ? `${text}; and ${more} more` : text, tone};
}
