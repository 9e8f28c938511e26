// The real `mlwatch` binary in a real terminal (tmux): open a store, pick an experiment,
// mark two runs, compare, toggle diff-only, open a chart, open help, quit; at 80x24 and
// 200x50. Also: the terminal comes back after q, Ctrl-C, SIGTERM and SIGHUP, --ascii
// draws ASCII only, and NO_COLOR means no colours. Ink draws nothing while CI=true, so
// the app runs with CI unset.

import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, corpusStore, hasCorpus, repoRoot} from '../helpers/paths.js';
import {hashTree} from '../helpers/tree-hash.js';

const hasTmux = spawnSync('tmux', ['-V'], {encoding: 'utf8'}).status === 0;
const tmuxRequired = process.env['MLWATCH_REQUIRE_TMUX'] === '1';
const STORE = corpusStore('jeffc05__learning_mlops');
const socket = `mlwatch-e2e-${process.pid}`;

function tmux(...args: string[]): string {
	const env = {...process.env};
	delete env['TMUX'];
	const result = spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', env});
	if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}

let scratch = '';
let sessions = 0;

interface Terminal {
	name: string;
	width: number;
	height: number;
	pid(): number;
	screen(): string;
	screenWithEscapes(): string;
	keys(...keys: string[]): void;
	type(text: string): void;
	see(what: string | RegExp, timeoutMs?: number): Promise<string>;
	display(format: string): string;
}

/** Starts `mlwatch ARGS` in a new tmux session of the given size (in `cwd`, the repository by default). */
function start(width: number, height: number, args: string[], env: Record<string, string> = {}, cwd = repoRoot): Terminal {
	const name = `s${++sessions}`;
	const pidFile = join(scratch, `${name}.pid`);
	const wrapper = join(scratch, 'run.sh');
	// The inner shell writes its pid, then becomes mlwatch, so the pid is mlwatch's.
	writeFileSync(wrapper, '#!/bin/sh\npidfile=$1; shift\nsh -c \'echo $$ > "$0"; exec "$@"\' "$pidfile" "$@"\necho "EXITED $?"\nsleep 600\n');
	const assignments = Object.entries(env).map(([key, value]) => `${key}=${value}`);
	tmux('new-session', '-d', '-s', name, '-x', String(width), '-y', String(height), '-c', cwd, ['env', '-u', 'CI', '-u', 'NO_COLOR', ...assignments, 'sh', wrapper, pidFile, process.execPath, cliPath, ...args].map(quote).join(' '));
	const terminal: Terminal = {
		name,
		width,
		height,
		pid: () => Number(readFileSync(pidFile, 'utf8').trim()),
		screen: () => tmux('capture-pane', '-p', '-t', name),
		screenWithEscapes: () => tmux('capture-pane', '-p', '-e', '-t', name),
		keys: (...keys) => {
			for (const key of keys) {
				tmux('send-keys', '-t', name, key);
				// A person's pace; bursts are covered by a component test.
				spawnSync('sleep', ['0.15']);
			}
		},
		type: (text) => {
			tmux('send-keys', '-t', name, '-l', text);
		},
		async see(what, timeoutMs = 20_000) {
			const startAt = Date.now();
			let screen = '';
			for (;;) {
				screen = terminal.screen();
				if (typeof what === 'string' ? screen.includes(what) : what.test(screen)) return screen;
				if (Date.now() - startAt > timeoutMs) throw new Error(`timed out waiting for ${String(what)} in ${name} (${width}x${height}); screen:\n${screen}`);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		},
		display: (format) => tmux('display-message', '-p', '-t', name, format).trim(),
	};
	return terminal;
}

function quote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The frame drawn at the right size: header on the first line, status bar on the last but one. */
function expectFits(terminal: Terminal, screen: string): void {
	const lines = screen.split('\n');
	expect(lines[0]).toMatch(/^ mlwatch /);
	expect(lines[terminal.height - 2]!.trim()).not.toBe('');
	// A line too wide would have wrapped and pushed the status bar down.
	expect(lines[terminal.height - 1]!.trim()).toBe('');
}

if (!hasTmux && tmuxRequired) {
	describe('mlwatch in a real terminal', () => {
		it('needs tmux (MLWATCH_REQUIRE_TMUX=1 is set)', () => {
			throw new Error('tmux is not installed, and MLWATCH_REQUIRE_TMUX=1 says this run must not skip the terminal tests');
		});
	});
}

describe.skipIf(!hasTmux || !hasCorpus)(hasTmux ? 'mlwatch in a real terminal (tmux)' : 'mlwatch in a real terminal (skipped: tmux is not installed)', () => {
	let before = '';
	beforeAll(() => {
		if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'npm run build' first (npm test does)`);
		scratch = mkdtempSync(join(tmpdir(), 'mlwatch-e2e-'));
		before = hashTree(STORE);
	});
	afterAll(() => {
		try {
			tmux('kill-server');
		} catch {
			// no server left
		}
		if (scratch) rmSync(scratch, {recursive: true, force: true});
		if (before) expect(hashTree(STORE)).toBe(before);
	});

	for (const [width, height] of [
		[80, 24],
		[200, 50],
	] as const) {
		it(`walks a store at ${width}x${height}: experiment, mark two runs, compare, diff-only, chart, help, quit`, async () => {
			const term = start(width, height, [STORE]);
			await term.see(/MLflow Run Comparison Quickst\S*\s+18\b/);
			expect(term.display('#{alternate_on}')).toBe('1');
			term.keys('Enter');
			let screen = await term.see('18 runs');
			expect(screen).toContain('sincere-rook-118');
			expectFits(term, screen);

			term.keys('Space');
			await term.see('1 marked');
			term.keys('Space');
			screen = await term.see('2 marked');
			term.keys('c');
			screen = await term.see('Compare · 2 runs');
			expect(screen).toContain('params: 2 of 2 differ');
			expect(screen).toMatch(/eval_rmse ▼/);
			expectFits(term, screen);

			term.keys('d');
			screen = await term.see('all params');
			term.keys('j', 'j', 'j', 'j', 'Enter');
			screen = await term.see(/Chart · eval_rmse[\s\S]*┤/);
			expect(screen).toMatch(/■ sincere-rook-118/);
			expect(screen).toMatch(/■ serious-swan-0/);
			expectFits(term, screen);

			term.keys('Escape', '?');
			screen = await term.see('quit (the terminal is restored)');
			expectFits(term, screen);

			term.keys('q');
			screen = await term.see('EXITED 0');
			expect(term.display('#{alternate_on}')).toBe('0');
			expect(term.display('#{cursor_flag}')).toBe('1');
			// The shell's screen is back, without the UI on it.
			expect(screen).not.toContain('Compare · 2 runs');
		});
	}

	for (const [width, height] of [
		[80, 24],
		[160, 45],
	] as const) {
		it(`at ${width}x${height}: searches a run by name, previews an artifact, copies through tmux, exports into the current folder`, async () => {
			const dan = corpusStore('Dan-Irl__mlflow-testing');
			const before = hashTree(dan);
			const folder = join(scratch, `export-${width}`);
			mkdirSync(folder);
			const term = start(width, height, [dan, '--experiment', '/Shared/YOLOv8'], {}, folder);
			await term.see('sgdtest3');
			term.keys('/');
			term.type('testrun');
			await term.see('1 of 4 runs contain it');
			term.keys('Enter', 'Enter', 'l', 'l', 'l');
			await term.see('args.yaml');
			term.keys('Enter');
			let screen = await term.see('task: detect');
			expect(screen).toMatch(/YAML · 1\.5 KB · \d+ lines/);
			expectFits(term, screen);
			term.keys('y');
			await term.see('Copied the artifact path through tmux');
			expect(tmux('show-buffer')).toBe('args.yaml');
			term.keys('Escape', 'Escape', 'y');
			await term.see("Copied testrun1's id through tmux");
			expect(tmux('show-buffer')).toBe('890944ee972d4dcb8524043a02d86eff');
			term.keys('e');
			await term.see('Export as');
			term.keys('c');
			screen = await term.see(/Wrote 1 row \(CSV\) to \.\/mlwatch-runs-\S+\.csv/);
			expectFits(term, screen);
			const [file] = readdirSync(folder);
			expect(readFileSync(join(folder, file!), 'utf8')).toMatch(/^run_id,run_name,[^\n]*\r\n890944ee972d4dcb8524043a02d86eff,testrun1,FINISHED,/);
			term.keys('q');
			await term.see('EXITED 0');
			expect(hashTree(dan)).toBe(before);
		});
	}

	for (const [how, code] of [
		['Ctrl-C', 0],
		['SIGTERM', 143],
		['SIGHUP', 129],
	] as const) {
		it(`restores the terminal on ${how}`, async () => {
			const term = start(80, 24, [STORE, '--experiment', 'MLflow Run Comparison Quickstart']);
			await term.see('sincere-rook-118');
			if (how === 'Ctrl-C') term.keys('C-c');
			else process.kill(term.pid(), how);
			await term.see(`EXITED ${code}`);
			expect(term.display('#{alternate_on}')).toBe('0');
			expect(term.display('#{cursor_flag}')).toBe('1');
			const mode = spawnSync('tmux', ['-L', socket, 'display-message', '-p', '-t', term.name, '#{pane_tty}'], {encoding: 'utf8'}).stdout.trim();
			// Back in cooked mode with echo: what stty reports for the pane's tty.
			const stty = spawnSync('stty', ['-F', mode, '-a'], {encoding: 'utf8'});
			if (stty.status === 0) expect(stty.stdout).toMatch(/(^|\s)icanon(\s|$)[\s\S]*(^|\s)echo(\s|$)/);
		});
	}

	it('says so when --experiment names no experiment, without taking over the screen', async () => {
		const term = start(80, 24, [STORE, '--experiment', 'no-such-experiment']);
		const screen = await term.see('EXITED 1');
		expect(screen).toMatch(/No experiment with id or name 'no-such-experiment'/);
		expect(term.display('#{alternate_on}')).toBe('0');
	});

	it('draws only ASCII with --ascii', async () => {
		const term = start(100, 30, [STORE, '--ascii', '--experiment', 'MLflow Run Comparison Quickstart']);
		let screen = await term.see('sincere-rook-118');
		term.keys('Enter');
		screen = await term.see(/against step[\s\S]*\|/);
		const offending = screen.split('\n').filter((line) => !/^[\x20-\x7e]*$/.test(line));
		expect(offending).toEqual([]);
		term.keys('q');
		await term.see('EXITED 0');
	});

	it('uses no colours under NO_COLOR, and some without it', async () => {
		const colours = (screen: string) =>
			[...screen.matchAll(/\u001b\[([0-9;]*)m/g)].some(([, params]) => (params ?? '').split(';').some((param) => /^(3[0-7]|9[0-7]|38|4[0-7]|48)$/.test(param)));
		const plain = start(100, 30, [STORE, '--experiment', 'MLflow Run Comparison Quickstart'], {NO_COLOR: '1'});
		await plain.see('sincere-rook-118');
		expect(colours(plain.screenWithEscapes())).toBe(false);
		// The cursor row stays visible without colour: inverse video and a pointer.
		expect(plain.screen()).toMatch(/›/);
		plain.keys('q');
		const coloured = start(100, 30, [STORE, '--experiment', 'MLflow Run Comparison Quickstart'], {TERM: 'xterm-256color'});
		await coloured.see('sincere-rook-118');
		expect(colours(coloured.screenWithEscapes())).toBe(true);
		coloured.keys('q');
		await coloured.see('EXITED 0');
	});
});
