// The small Node program that sits between mlwatch and `mlflow ui`. `mlflow ui` starts
// gunicorn or uvicorn as its own children, and when mlwatch is killed outright
// (SIGKILL, a crashed terminal) nothing in mlwatch gets to run: MLflow 3.1's gunicorn
// then lives on, holding the port. The reaper leads the server's process group and takes
// the whole group down when it is told to stop, when MLflow exits, or when mlwatch goes
// away (setpriv's parent-death signal on Linux, else a ppid poll). It is run with
// `node -e` so it needs no file of its own on disk.
//
// When the reaper itself is killed outright (with mlwatch, say), a watchdog in the group
// takes over: a shell that ignores SIGTERM and reads a pipe only the reaper holds open
// (Node's pipes are close-on-exec, so MLflow does not inherit it). The reaper's death
// closes it; at end of file the watchdog signals the whole group, then kills it.
//
// argv: <grace ms> <command> <args...>

export const REAPER_SCRIPT = String.raw`
'use strict';
const {spawn} = require('node:child_process');
const {readdirSync, readFileSync} = require('node:fs');
const [grace, command, ...args] = process.argv.slice(1);
const graceMs = Number(grace) > 0 ? Number(grace) : 5000;
const parent = process.ppid;
process.title = 'mlwatch-webui';

const WATCHDOG = 'trap "" TERM INT HUP; while read -r _; do :; done; kill -s TERM -- "-$1" 2>/dev/null; sleep "$2"; kill -s KILL -- "-$1" 2>/dev/null';
let watchdog;
if (process.platform !== 'win32') {
	try {
		watchdog = spawn('/bin/sh', ['-c', WATCHDOG, 'mlwatch-webui-watchdog', String(process.pid), String(Math.ceil(graceMs / 1000))], {stdio: ['pipe', 'ignore', 'ignore']});
		watchdog.on('error', () => { watchdog = undefined; });
		watchdog.stdin.on('error', () => {});
	} catch {
		watchdog = undefined;
	}
}

function othersInGroup() {
	let names;
	try {
		names = readdirSync('/proc');
	} catch {
		return true;
	}
	for (const name of names) {
		if (!/^\d+$/.test(name) || Number(name) === process.pid || Number(name) === watchdog?.pid) continue;
		try {
			const stat = readFileSync('/proc/' + name + '/stat', 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (fields[0] !== 'Z' && Number(fields[2]) === process.pid) return true;
		} catch {}
	}
	return false;
}

let stopping = false;
function exit(code) {
	// Done with the group: the watchdog has nothing left to guard.
	try { if (watchdog) process.kill(watchdog.pid, 'SIGKILL'); } catch {}
	process.exit(code);
}
function stop(code) {
	if (stopping) return;
	stopping = true;
	try { process.kill(-process.pid, 'SIGTERM'); } catch {}
	const deadline = Date.now() + graceMs;
	const check = () => {
		if (!othersInGroup()) exit(code);
		if (Date.now() > deadline) {
			try { process.kill(-process.pid, 'SIGKILL'); } catch {}
			exit(code);
		}
		setTimeout(check, 100);
	};
	setTimeout(check, 50);
}

for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]]) process.on(signal, () => stop(code));
setInterval(() => { if (process.ppid !== parent) stop(129); }, 500);

const child = spawn(command, args, {stdio: 'inherit'});
child.on('error', (error) => {
	process.stderr.write('mlwatch: cannot start ' + command + ': ' + error.message + '\n');
	stop(127);
});
child.on('exit', (code, signal) => stop(code ?? (signal ? 128 : 1)));
`;
