// MLflow 3.13+ refuses to open a file store unless MLFLOW_ALLOW_FILE_STORE=true: training
// scripts and `mlflow ui` fail on the very store mlwatch reads fine.

import {compareVersions} from '../../webui/find-mlflow.js';
import type {HealthCheck} from '../types.js';

export const fileStoreGate: HealthCheck = {
	id: 'file-store-allowed',
	title: 'MLflow allows file stores',
	kinds: ['file'],
	async run(context) {
		const mlflow = await context.mlflow();
		if (!mlflow.version) return {status: 'ok', message: 'no MLflow to ask (only 3.13+ needs MLFLOW_ALLOW_FILE_STORE=true)', fix: ''};
		if (compareVersions(mlflow.version, '3.13.0') < 0) {
			return {status: 'ok', message: `MLflow ${mlflow.version} opens file stores as is (3.13+ needs MLFLOW_ALLOW_FILE_STORE=true)`, fix: ''};
		}
		const value = context.env['MLFLOW_ALLOW_FILE_STORE'];
		const lowered = value?.toLowerCase();
		if (lowered === 'true' || lowered === '1') return {status: 'ok', message: `MLflow ${mlflow.version} opens file stores: MLFLOW_ALLOW_FILE_STORE=${value}`, fix: ''};
		if (value !== undefined && lowered !== 'false' && lowered !== '0') {
			return {status: 'warn', message: `MLFLOW_ALLOW_FILE_STORE=${value} is not a value MLflow accepts (true, false, 1 or 0): it stops with an error`, fix: 'export MLFLOW_ALLOW_FILE_STORE=true'};
		}
		return {
			status: 'warn',
			message: `MLflow ${mlflow.version} refuses file stores (mlruns) unless MLFLOW_ALLOW_FILE_STORE=true: your scripts and 'mlflow ui' fail on this store ('mlwatch ui' sets it for you)`,
			fix: "export MLFLOW_ALLOW_FILE_STORE=true, or move to SQLite with 'mlflow migrate-filestore'",
		};
	},
};
