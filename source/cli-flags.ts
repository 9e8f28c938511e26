// The command line's flags: one catalogue, from which each command picks the flags that
// mean something for it (commands/*.ts); parsing and every --help are made from those
// picks. Hand-written rather than util.parseArgs or meow because two flags take an
// optional value (--poll[=MS], --report [FILE]) and a stray flag should be named with
// the command it does belong to.

import {readFileSync} from 'node:fs';
import {UsageError} from './commands/command.js';

export interface FlagDef {
	/** The property of `Flags` it sets. */
	key: string;
	/** As typed, without the dashes: 'order-by'. */
	long: string;
	short?: string[];
	/**
	 * boolean: present or not; value: takes one; list: takes one each time it is given;
	 * optional: takes one after `=` (or, where `nextValue` accepts it, as the next
	 * argument), and is '' when given alone.
	 */
	kind: 'boolean' | 'value' | 'list' | 'optional';
	/** For help: `--filter EXPR`. */
	placeholder?: string;
	help: string;
	/** Checks and converts a value; throws UsageError with what to type instead. */
	parse?: (raw: string) => unknown;
	/** For kind 'optional': whether the next argument is its value. */
	nextValue?: (next: string) => boolean;
}

function positiveInteger(flag: string) {
	return (raw: string): number => {
		const value = Number(raw);
		if (raw.trim() === '' || !Number.isInteger(value) || value < 1) throw new UsageError(`--${flag} needs a positive whole number (got '${raw}')`);
		return value;
	};
}

/** `--poll` alone means every 2 s; `--poll=MS` sets the interval. */
function pollInterval(raw: string): number {
	if (raw === '') return 2000;
	const ms = Number(raw);
	if (!Number.isInteger(ms) || ms < 100) throw new UsageError(`--poll takes an interval in milliseconds of at least 100, e.g. --poll=2000 (got '${raw}')`);
	return ms;
}

function port(raw: string): number {
	const value = Number(raw);
	if (raw.trim() === '' || !Number.isInteger(value) || value < 1 || value > 65535) throw new UsageError(`--port needs a whole number from 1 to 65535 (got '${raw}')`);
	return value;
}

export const FLAG = {
	store: {key: 'store', long: 'store', short: ['s'], kind: 'value', placeholder: 'STORE', help: 'the store: a folder (a project holding mlruns/, or mlruns/ itself), a file: URI, a .db file or http://host:port; may also come first, without the flag'},
	json: {key: 'json', long: 'json', kind: 'boolean', help: "print JSON in the shapes of MLflow's REST API"},
	csv: {key: 'csv', long: 'csv', kind: 'boolean', help: 'print CSV, one row each'},
	all: {key: 'all', long: 'all', kind: 'boolean', help: 'include deleted ones'},
	problems: {key: 'problems', long: 'problems', kind: 'boolean', help: 'list what could not be read in the store (the count is always on stderr)'},
	noCache: {key: 'noCache', long: 'no-cache', kind: 'boolean', help: 'read the store afresh, without what earlier runs of mlwatch kept'},
	wide: {key: 'wide', long: 'wide', kind: 'boolean', help: 'every column at full width even in a narrow terminal (piped output always is)'},
	experiment: {key: 'experiment', long: 'experiment', short: ['e'], kind: 'list', placeholder: 'ID_OR_NAME', help: 'only this experiment (repeat for more); none means every active one'},
	filter: {key: 'filter', long: 'filter', short: ['f'], kind: 'value', placeholder: 'EXPR', help: "MLflow's search grammar, e.g. \"metrics.accuracy > 0.9 and params.model = 'rf'\""},
	orderBy: {key: 'orderBy', long: 'order-by', kind: 'list', placeholder: 'CLAUSE', help: 'e.g. "metrics.rmse ASC" (repeat for more)'},
	maxResults: {key: 'maxResults', long: 'max-results', kind: 'value', placeholder: 'N', help: 'at most N runs', parse: positiveInteger('max-results')},
	ascii: {key: 'ascii', long: 'ascii', kind: 'boolean', help: 'draw with ASCII only'},
	poll: {key: 'poll', long: 'poll', kind: 'optional', placeholder: 'MS', help: 'follow the store by re-reading it every MS milliseconds (2000 alone) instead of watching files, for network file systems', parse: pollInterval, nextValue: (next) => /^\d+$/.test(next)},
	bell: {key: 'bell', long: 'bell', kind: 'boolean', help: 'ring the terminal bell when a run finishes, fails, logs NaN or stalls'},
	notify: {key: 'notify', long: 'notify', kind: 'boolean', help: 'send a desktop notification for the same'},
	report: {key: 'report', long: 'report', kind: 'optional', placeholder: 'FILE', help: 'also write the JSON report to FILE (reports/mlflow_status_report.json alone)', nextValue: (next) => !next.startsWith('-')},
	mlflow: {key: 'mlflow', long: 'mlflow', kind: 'value', placeholder: 'PATH', help: "the mlflow executable or the virtual environment holding it (else PATH, $VIRTUAL_ENV, $CONDA_PREFIX)"},
	port: {key: 'port', long: 'port', kind: 'value', placeholder: 'N', help: "the web UI's port: the first free one from N (5000)", parse: port},
	host: {key: 'host', long: 'host', kind: 'value', placeholder: 'H', help: "the address the web UI listens on (127.0.0.1)"},
	help: {key: 'help', long: 'help', short: ['h'], kind: 'boolean', help: 'show this help'},
	version: {key: 'version', long: 'version', short: ['v', 'V'], kind: 'boolean', help: "print mlwatch's version"},
} as const satisfies Record<string, FlagDef>;

/** Whether the line asks for the version (and not for help, which says more). */
export function askedForVersion(args: readonly string[]): boolean {
	const end = args.indexOf('--');
	const before = end < 0 ? args : args.slice(0, end);
	return before.some((arg) => arg === '-v' || arg === '-V' || arg === '--version') && !before.some((arg) => arg === '-h' || arg === '--help');
}

/** mlwatch's version, from the package.json one folder up from dist/. */
export function packageVersion(): string {
	return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version;
}

/** A catalogue flag with help worded for one command. */
export function flagWith(flag: FlagDef, help: string): FlagDef {
	return {...flag, help};
}

/** Every command takes these. */
export const COMMON_FLAGS: FlagDef[] = [FLAG.help, FLAG.version];

export interface ParsedLine {
	positionals: string[];
	flags: Record<string, unknown>;
}

/** Where a flag some other command takes does belong, for the message about it. */
export type FlagOwners = (long: string) => string[];

function spelled(flag: FlagDef): string {
	return `--${flag.long}`;
}

/**
 * `args` against the flags one command takes. `owners` names the commands that do take
 * a stray flag, so the message can say where it belongs.
 */
export function parseLine(args: readonly string[], accepted: readonly FlagDef[], context: {command: string; owners?: FlagOwners}): ParsedLine {
	const flags: Record<string, unknown> = {};
	for (const flag of Object.values(FLAG) as FlagDef[]) flags[flag.key] = flag.kind === 'boolean' ? false : flag.kind === 'list' ? [] : undefined;
	const positionals: string[] = [];
	const byLong = new Map(accepted.map((flag) => [flag.long, flag]));
	const byShort = new Map(accepted.flatMap((flag) => (flag.short ?? []).map((short) => [short, flag] as const)));

	const stray = (typed: string): never => {
		const name = typed.replace(/^-+/, '').replace(/=.*/, '');
		const known = (Object.values(FLAG) as FlagDef[]).find((flag) => flag.long === name || flag.short?.includes(name));
		const where = known && context.owners ? context.owners(known.long).filter((owner) => owner !== context.command) : [];
		const own = accepted.filter((flag) => !COMMON_FLAGS.includes(flag)).map(spelled);
		const belongs = where.length > 0 ? ` (it is for ${where.map((owner) => `'mlwatch ${owner}'`).join(', ')})` : known ? '' : ` (no mlwatch command has it)`;
		const list = own.length > 0 ? ` It takes ${own.join(', ')}.` : '';
		throw new UsageError(`'mlwatch${context.command ? ' ' + context.command : ''}' has no flag ${typed.replace(/=.*/, '')}${belongs}.${list} See 'mlwatch${context.command ? ' ' + context.command : ''} --help'.`);
	};

	const set = (flag: FlagDef, typed: string, raw: string | undefined) => {
		if (flag.kind === 'boolean') {
			if (raw !== undefined) throw new UsageError(`${typed} takes no value (got '${raw}')`);
			flags[flag.key] = true;
			return;
		}
		if (raw === undefined) {
			if (flag.kind !== 'optional') throw new UsageError(`${typed} needs a value: ${spelled(flag)} ${flag.placeholder ?? 'VALUE'}`);
			raw = '';
		}
		const value = flag.parse ? flag.parse(raw) : raw;
		if (flag.kind === 'list') (flags[flag.key] as unknown[]).push(value);
		else if (flags[flag.key] !== undefined && flags[flag.key] !== value) throw new UsageError(`${spelled(flag)} is given twice ('${String(flags[flag.key])}' and '${raw}'); give it once`);
		else flags[flag.key] = value;
	};

	/** A value after the flag: anything but another flag (a negative number is a value). */
	const valueAt = (index: number): string | undefined => {
		const next = args[index];
		if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) return undefined;
		return next;
	};

	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		if (arg === '--') {
			positionals.push(...args.slice(index + 1));
			break;
		}
		if (arg.startsWith('--')) {
			const eq = arg.indexOf('=');
			const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
			const flag = byLong.get(name);
			if (!flag) stray(arg);
			const inline = eq < 0 ? undefined : arg.slice(eq + 1);
			if (inline !== undefined || flag!.kind === 'boolean') set(flag!, `--${name}`, inline);
			else if (flag!.kind === 'optional') {
				const next = args[index + 1];
				if (next !== undefined && flag!.nextValue?.(next)) {
					set(flag!, `--${name}`, next);
					index++;
				} else set(flag!, `--${name}`, undefined);
			} else {
				const next = valueAt(index + 1);
				set(flag!, `--${name}`, next);
				if (next !== undefined) index++;
			}
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
			const letter = arg.slice(1, 2);
			const flag = byShort.get(letter);
			if (!flag) stray(arg);
			const rest = arg.slice(2).replace(/^=/, '');
			if (flag!.kind === 'boolean') {
				// -hv and the like: a run of one-letter switches.
				if (rest !== '') {
					set(flag!, `-${letter}`, undefined);
					for (const other of rest) {
						const more = byShort.get(other);
						if (!more || more.kind !== 'boolean') stray(`-${other}`);
						set(more!, `-${other}`, undefined);
					}
				} else set(flag!, `-${letter}`, undefined);
			} else if (rest !== '') set(flag!, `-${letter}`, rest);
			else {
				const next = valueAt(index + 1);
				set(flag!, `-${letter}`, next);
				if (next !== undefined) index++;
			}
			continue;
		}
		positionals.push(arg);
	}
	return {positionals, flags};
}

/** The first argument that is not a flag nor a flag's value: the command, if it names one. */
export function firstPositional(args: readonly string[]): number {
	const all = Object.values(FLAG) as FlagDef[];
	const takesNext = (arg: string): boolean => {
		if (arg.includes('=')) return false;
		const flag = arg.startsWith('--') ? all.find((candidate) => candidate.long === arg.slice(2)) : arg.length === 2 ? all.find((candidate) => candidate.short?.includes(arg.slice(1))) : undefined;
		return flag !== undefined && (flag.kind === 'value' || flag.kind === 'list');
	};
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		if (arg === '--') return index + 1 < args.length ? index + 1 : -1;
		if (arg.startsWith('-') && arg.length > 1) {
			if (takesNext(arg)) index++;
			continue;
		}
		return index;
	}
	return -1;
}

function synopsis(flag: FlagDef): string {
	const names = [...(flag.short ?? []).map((short) => `-${short}`), `--${flag.long}`].join(', ');
	const value = flag.kind === 'optional' ? (flag.nextValue?.('x') ? ` [${flag.placeholder}]` : `[=${flag.placeholder}]`) : flag.kind === 'boolean' ? '' : ` ${flag.placeholder}`;
	return names + value + (flag.kind === 'list' ? ' ...' : '');
}

/** Flags as an aligned list, the help text wrapped under `width`. */
export function describeFlags(flags: readonly FlagDef[], width = 100): string {
	const left = flags.map(synopsis);
	const column = Math.min(34, Math.max(...left.map((text) => text.length)) + 2);
	return flags
		.map((flag, index) => {
			const head = `  ${left[index]!}`;
			const lines = wrap(flag.help, Math.max(30, width - column - 2));
			const first = head.length + 1 < column + 2 ? head.padEnd(column + 2) + lines[0] : `${head}\n${' '.repeat(column + 2)}${lines[0]}`;
			return [first, ...lines.slice(1).map((line) => ' '.repeat(column + 2) + line)].join('\n');
		})
		.join('\n');
}

export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	lines.push(line);
	return lines;
}
