// Every subcommand, in the order `mlwatch --help` lists them. To add a command, write
// commands/<name>.ts exporting a Command and list it here.

import type {Command} from './command.js';
import {demoCommand} from './demo.js';
import {experimentsCommand} from './experiments.js';
import {historyCommand} from './history.js';
import {modelsCommand} from './models.js';
import {runCommand} from './run.js';
import {runningCommand} from './running.js';
import {runsCommand} from './runs.js';
import {statusCommand} from './status.js';
import {uiCommand} from './ui.js';

export const commands: Command[] = [experimentsCommand, runsCommand, runCommand, historyCommand, modelsCommand, runningCommand, demoCommand, statusCommand, uiCommand];

export function findCommand(name: string | undefined): Command | undefined {
	return commands.find((command) => command.name === name);
}
