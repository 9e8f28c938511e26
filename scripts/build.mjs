#!/usr/bin/env node
// `npm run build`: type-checks and compiles source/ into dist/ (the modules the tests and
// scripts import), then bundles the CLI and the terminal UI into one file,
// dist/mlwatch-bundle.js, which is what the package ships, behind dist/mlwatch.js (bin.ts:
// `bin` runs it; it answers --version without loading the bundle).
//
// The rule for package.json: `dependencies` and `optionalDependencies` are what the bundle
// loads at run time (native modules such as better-sqlite3) and stay outside it;
// everything the bundle contains is a devDependency, so installing the package fetches
// nothing it already holds.

import {spawnSync} from 'node:child_process';
import {chmodSync, readFileSync, readdirSync, renameSync, writeFileSync} from 'node:fs';
import {isBuiltin} from 'node:module';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bundle = join(root, 'dist', 'mlwatch-bundle.js');
const launcher = join(root, 'dist', 'mlwatch.js');
const only = process.argv[2];

// tsc writes dist/ even when a type is wrong, and the bundle is made either way (esbuild
// checks no types); the exit status still says the build failed.
let typeErrors = 0;
if (only !== '--bundle-only') {
	const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], {stdio: 'inherit'});
	typeErrors = tsc.status ?? 1;
}

const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];

/** Ink imports react-devtools-core (not installed) only when DEV=true; fail that import as Ink expects. */
const noDevtools = {
	name: 'no-react-devtools',
	setup(context) {
		context.onResolve({filter: /^\.\/devtools\.js$/}, (args) => (args.importer.includes(`${join('node_modules', 'ink')}`) ? {path: 'devtools', namespace: 'no-devtools'} : undefined));
		context.onLoad({filter: /.*/, namespace: 'no-devtools'}, () => ({
			contents: "const error = new Error('mlwatch is built without react-devtools-core'); error.code = 'ERR_MODULE_NOT_FOUND'; throw error;",
			loader: 'js',
		}));
	},
};

const result = await build({
	entryPoints: [join(root, 'source', 'cli.tsx')],
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	external,
	plugins: [noDevtools],
	// Bundled CommonJS packages (React) call require(); an ES module has none of its own.
	banner: {js: "import {createRequire as __mlwatchRequire} from 'node:module'; const require = __mlwatchRequire(import.meta.url);"},
	// Every start parses the whole file: React's production build only, and minified.
	define: {'process.env.NODE_ENV': '"production"'},
	minify: true,
	legalComments: 'none',
	metafile: true,
	write: false,
	outfile: bundle,
	absWorkingDir: root,
	logLevel: 'warning',
});

/** bin.ts hands over to the bundle, not to dist/cli.js. */
const toBundle = {
	name: 'to-bundle',
	setup(context) {
		context.onResolve({filter: /^\.\/cli\.js$/}, () => ({path: './mlwatch-bundle.js', external: true}));
	},
};
const start = await build({
	entryPoints: [join(root, 'source', 'bin.ts')],
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	plugins: [toBundle],
	minify: true,
	legalComments: 'none',
	write: false,
	outfile: launcher,
	absWorkingDir: root,
	logLevel: 'warning',
});

// Written beside and renamed, so a test running mlwatch never sees half a file.
for (const [file, output] of [
	[bundle, result.outputFiles[0]],
	[launcher, start.outputFiles[0]],
]) {
	writeFileSync(`${file}.tmp`, output.contents);
	chmodSync(`${file}.tmp`, 0o755);
	renameSync(`${file}.tmp`, file);
}

// The bundle holds other people's code: ship their licenses with it.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
	const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
	if (match && !packages.has(match[2])) packages.set(match[2], join(root, match[1]));
}
const notices = [...packages]
	.sort(([a], [b]) => (a < b ? -1 : 1))
	.map(([name, dir]) => {
		const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		const file = readdirSync(dir).find((entry) => /^(licen[cs]e|copying)/i.test(entry));
		const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${meta.license ?? 'see the package'}`;
		return `${name}@${meta.version} (${meta.license ?? 'unknown license'})\n\n${text}\n`;
	});
writeFileSync(join(root, 'dist', 'THIRD-PARTY-LICENSES.txt'), `mlwatch's dist/mlwatch-bundle.js contains these packages:\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`);

// An external module must be installed with the package; a bundled one need not be.
const imports = result.metafile.outputs[relative(root, bundle)]?.imports ?? [];
const missing = [...new Set(imports.filter((entry) => entry.external && !isBuiltin(entry.path) && !external.includes(entry.path)).map((entry) => entry.path))];
if (missing.length > 0) {
	console.error(`build: the bundle loads ${missing.join(', ')} at run time, which package.json does not list in dependencies or optionalDependencies`);
	process.exit(1);
}
const twice = [...packages.keys()].filter((name) => external.includes(name));
if (twice.length > 0) console.warn(`build: ${twice.join(', ')} are bundled yet listed in dependencies: move them to devDependencies, or installing mlwatch fetches them again`);
if (typeErrors) process.exit(typeErrors);
