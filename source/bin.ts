#!/usr/bin/env node
// The `mlwatch` command. It answers --version at once: scripts ask for it to see that
// mlwatch is installed, and parsing the whole CLI and terminal UI would take longer than
// the answer. Everything else is cli.tsx, which the package ships as one bundle.

import * as nodeModule from 'node:module';
import {askedForVersion, packageVersion} from './cli-flags.js';

if (askedForVersion(process.argv.slice(2))) {
	// A reader gone before the answer is not a failure.
	process.stdout.on('error', () => {});
	process.stdout.write(`${packageVersion()}\n`);
} else {
	// Node 22.1+ keeps compiled code between runs; Node 20 has no such cache.
	(nodeModule as {enableCompileCache?: () => unknown}).enableCompileCache?.();
	await import('./cli.js');
}
