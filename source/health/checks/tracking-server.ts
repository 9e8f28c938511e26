// The tracking server answers: reachable, its MLflow version, the credentials accepted,
// and how long one round trip takes.

import {sanitizeLine} from '../../text/sanitize.js';
import type {HealthCheck} from '../types.js';

/** A round trip slower than this makes every screen feel slow. */
const SLOW_MS = 1000;

export const trackingServer: HealthCheck = {
	id: 'tracking-server',
	title: 'Tracking server answers',
	kinds: ['rest'],
	async run(context) {
		const store = context.store;
		if (!store) return {status: 'skip', message: 'no store', fix: ''};
		const about = await store.about();
		const where = sanitizeLine(store.description.label);
		if (about.error) {
			const fix =
				about.authenticated === false
					? 'set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) to credentials the server accepts'
					: 'check the URL, and that the server is running and reachable from here';
			return {status: 'fail', message: sanitizeLine(about.error), fix};
		}
		const version = about.serverVersion ? `MLflow ${sanitizeLine(about.serverVersion)}` : 'an MLflow server (version not told)';
		const credentials = about.authenticated === true ? '; credentials accepted' : '';
		const trip = about.roundTripMs === undefined ? '' : `; a round trip takes ${Math.round(about.roundTripMs)} ms`;
		const message = `${where} runs ${version}${credentials}${trip}`;
		if (about.roundTripMs !== undefined && about.roundTripMs > SLOW_MS) return {status: 'warn', message, fix: 'the server or the network is slow: screens will wait on it; a server closer to you (or an SSH tunnel) helps'};
		return {status: 'ok', message, fix: ''};
	},
};
