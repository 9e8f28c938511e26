// Copying text to the clipboard of the machine people sit at, through the terminal: the
// OSC 52 escape sequence, which terminals honour over SSH too. tmux (3.3 here) drops an
// application's OSC 52 under its default `set-clipboard external`, and its passthrough
// wrapper is off by default too; `tmux load-buffer -w` works with the defaults: it fills
// a tmux buffer and forwards the text to the terminal around tmux with OSC 52 itself.

import {spawn} from 'node:child_process';

export function osc52(text: string): string {
	return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** A sequence for the terminal around tmux, through tmux's passthrough (allow-passthrough on). */
export function tmuxPassthrough(sequence: string): string {
	return `\u001bPtmux;${sequence.replace(/\u001b/g, '\u001b\u001b')}\u001b\\`;
}

/** Terminals known to ignore OSC 52, by what they say about themselves; undefined when it should work. */
export function clipboardCaveat(env: NodeJS.ProcessEnv): string | undefined {
	if (env['TERM_PROGRAM'] === 'Apple_Terminal') return "macOS Terminal ignores OSC 52 copies (iTerm2, kitty, WezTerm take them)";
	if (env['VTE_VERSION']) return 'GNOME Terminal and other VTE terminals ignore OSC 52 copies';
	if (env['TERM'] === 'linux') return 'the Linux console has no clipboard';
	if (env['TERM']?.startsWith('screen') && !env['TMUX']) return 'GNU screen may not pass OSC 52 on';
	return undefined;
}

export interface CopyResult {
	/** How it went: "through tmux" or "with OSC 52". */
	via: string;
	/** Why it may not have reached the clipboard. */
	caveat?: string;
}

export interface CopyDeps {
	env: NodeJS.ProcessEnv;
	/** Writes raw bytes to the terminal. */
	write: (data: string) => void;
	/** Runs `tmux load-buffer -w -` with the text on stdin; resolves whether it worked. */
	tmuxLoad?: (text: string) => Promise<boolean>;
}

export function tmuxLoadBuffer(text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
	return new Promise((resolve) => {
		const child = spawn('tmux', ['load-buffer', '-w', '-'], {env, stdio: ['pipe', 'ignore', 'ignore']});
		const timer = setTimeout(() => child.kill(), 2000);
		child.on('error', () => {
			clearTimeout(timer);
			resolve(false);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve(code === 0);
		});
		child.stdin.end(text);
	});
}

export async function copyToClipboard(text: string, deps: CopyDeps): Promise<CopyResult> {
	const caveat = clipboardCaveat(deps.env);
	if (deps.env['TMUX']) {
		const loaded = await (deps.tmuxLoad ?? ((value: string) => tmuxLoadBuffer(value, deps.env)))(text);
		if (loaded) return caveat ? {via: 'through tmux', caveat} : {via: 'through tmux'};
		// An old tmux (no -w): try both ways it might pass the sequence on.
		deps.write(tmuxPassthrough(osc52(text)) + osc52(text));
		return {via: 'with OSC 52', caveat: "tmux may drop it: 'set -g set-clipboard on' in ~/.tmux.conf lets it through"};
	}
	deps.write(osc52(text));
	return caveat ? {via: 'with OSC 52', caveat} : {via: 'with OSC 52'};
}
