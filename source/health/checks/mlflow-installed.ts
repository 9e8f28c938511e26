// Is MLflow installed, and which one: mlwatch needs it only for the web UI, so a missing
// MLflow is a warning unless --mlflow named one that is not there.

import {sanitizeLine} from '../../text/sanitize.js';
import type {HealthCheck} from '../types.js';

export const mlflowInstalled: HealthCheck = {
	id: 'mlflow',
	title: 'MLflow installed',
	async run(context) {
		const mlflow = await context.mlflow();
		if (mlflow.installed) {
			return {status: 'ok', message: `MLflow ${mlflow.version} (${sanitizeLine(mlflow.path ?? '')}, from ${mlflow.source})`, fix: ''};
		}
		const asked = context.options.mlflow !== undefined && context.options.mlflow !== '';
		if (mlflow.path) {
			return {
				status: asked ? 'fail' : 'warn',
				message: `${sanitizeLine(mlflow.path)} is there but does not run: ${sanitizeLine(mlflow.error ?? '')}`,
				fix: `reinstall it ('${mlflow.path.replace(/\/mlflow$/, '/pip')} install --force-reinstall mlflow'), or choose another with --mlflow PATH`,
			};
		}
		return {
			status: asked ? 'fail' : 'warn',
			message: `MLflow not found (${sanitizeLine(mlflow.error ?? '')})${asked ? '' : '; mlwatch reads stores without it, only the web UI needs it'}`,
			fix: "pip install mlflow (or pipx install mlflow), or name one with --mlflow PATH",
		};
	},
};
