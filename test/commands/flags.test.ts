// The flag parser every command shares: the forms people type, and the messages when a
// flag is wrong.

import {describe, expect, it} from 'vitest';
import {FLAG, firstPositional, parseLine} from '../../source/cli-flags.js';
import {UsageError} from '../../source/commands/command.js';
import {commandsTaking, findCommand, tuiCommand} from '../../source/commands/index.js';

const parse = (command: string, args: string[]) => {
	const found = command ? findCommand(command)! : tuiCommand;
	return parseLine(args, found.flags, {command, owners: commandsTaking});
};

describe('flags', () => {
	it('takes values after a space or an =, short or long, and repeats lists', () => {
		const {flags, positionals} = parse('runs', ['mlruns', '-e', 'a', '--experiment=b', '-f', "params.x = '1'", '--order-by', 'metrics.m DESC', '--max-results=5', '--json']);
		expect(positionals).toEqual(['mlruns']);
		expect(flags).toMatchObject({experiment: ['a', 'b'], filter: "params.x = '1'", orderBy: ['metrics.m DESC'], maxResults: 5, json: true, csv: false});
	});

	it('gives --poll and --report their values only where they are meant', () => {
		expect(parse('', ['--poll']).flags['poll']).toBe(2000);
		expect(parse('', ['--poll=500', 'mlruns'])).toMatchObject({flags: {poll: 500}, positionals: ['mlruns']});
		expect(parse('', ['--poll', '750'])).toMatchObject({flags: {poll: 750}, positionals: []});
		expect(parse('', ['--poll', 'mlruns'])).toMatchObject({flags: {poll: 2000}, positionals: ['mlruns']});
		expect(parse('status', ['--report'])).toMatchObject({flags: {report: ''}});
		expect(parse('status', ['--report', '--json'])).toMatchObject({flags: {report: '', json: true}});
		expect(parse('status', ['--report', 'out.json'])).toMatchObject({flags: {report: 'out.json'}, positionals: []});
		expect(() => parse('', ['--poll=5'])).toThrow(/at least 100/);
	});

	it('names the command a stray flag belongs to, or says none has it', () => {
		expect(() => parse('experiments', ['--filter', 'x'])).toThrow(new UsageError("'mlwatch experiments' has no flag --filter (it is for 'mlwatch runs'). It takes --store, --no-cache, --all, --json, --csv, --wide, --problems. See 'mlwatch experiments --help'."));
		expect(() => parse('runs', ['--colour'])).toThrow(/has no flag --colour \(no mlwatch command has it\)/);
		expect(() => parse('runs', ['-x'])).toThrow(/has no flag -x/);
		expect(() => parse('runs', ['--json=yes'])).toThrow(/--json takes no value/);
		expect(() => parse('runs', ['--store', 'a', '--store', 'b'])).toThrow(/--store is given twice/);
		expect(() => parse('runs', ['--store', '--json'])).toThrow(/--store needs a value: --store STORE/);
	});

	it('finds the command after flags that come first', () => {
		expect(firstPositional(['--store', 'x', 'runs', '--json'])).toBe(2);
		expect(firstPositional(['--json', 'runs'])).toBe(1);
		expect(firstPositional(['--', 'runs'])).toBe(1);
		expect(firstPositional(['--poll'])).toBe(-1);
	});

	it('declares every flag of the catalogue in some command', () => {
		for (const flag of Object.values(FLAG)) {
			if (flag === FLAG.help || flag === FLAG.version) continue;
			expect(commandsTaking(flag.long), flag.long).not.toEqual([]);
		}
	});
});
