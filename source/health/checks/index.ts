// Every health check, in the order the checklist shows them. To add one, write a module
// exporting a HealthCheck in this folder and list it here.

import type {HealthCheck} from '../types.js';
import {artifactPaths} from './artifact-paths.js';
import {defaultStore} from './default-store.js';
import {diskSpace} from './disk-space.js';
import {fileStoreGate} from './file-store-gate.js';
import {inotifyBudget} from './inotify-budget.js';
import {mlflowInstalled} from './mlflow-installed.js';
import {networkFilesystem} from './network-filesystem.js';
import {portFree} from './port-free.js';
import {serverRunning} from './server-running.js';
import {sqliteSchema} from './sqlite-schema.js';
import {stalledRuns} from './stalled-runs.js';
import {storeProblems} from './store-problems.js';
import {storeReadable} from './store-readable.js';
import {trackingServer} from './tracking-server.js';

export const healthChecks: HealthCheck[] = [
	storeReadable,
	trackingServer,
	mlflowInstalled,
	defaultStore,
	fileStoreGate,
	sqliteSchema,
	storeProblems,
	stalledRuns,
	artifactPaths,
	diskSpace,
	networkFilesystem,
	inotifyBudget,
	portFree,
	serverRunning,
];
