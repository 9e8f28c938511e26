// Every subcommand, in the order `mlwatch --help` lists them. To add a command, write
// commands/<name>.ts exporting a Command (its flags, help and examples included) and list
// it here.

import type {Command} from './command.js';
import {demoCommand} from './demo.js';
import {experimentsCommand} from './experiments.js';
import {historyCommand} from './history.js';
import {modelsCommand} from './models.js';
import {tuiCommand} from './open-tui.js';
import {runCommand} from './run.js';
import {runningCommand} from './running.js';
import {runsCommand} from './runs.js';
import {statusCommand} from './status.js';
import {uiCommand} from './ui.js';

export const commands: Command[] = [experimentsCommand, runsCommand, runCommand, historyCommand, modelsCommand, runningCommand, demoCommand, statusCommand, uiCommand];

/** `mlwatch [STORE]` with no command: the terminal UI. */
export {tuiCommand};

export function findCommand(name: string | undefined): Command | undefined {
	return commands.find((command) => command.name === name);
}

/** The commands (the terminal UI as '') that take the flag spelled `--<long>`. */
export function commandsTaking(long: string): string[] {
	return [tuiCommand, ...commands].filter((command) => command.flags.some((flag) => flag.long === long)).map((command) => command.name || '[STORE]');
}
