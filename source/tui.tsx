// Opens the terminal UI. (Placeholder until the TUI lands: prints what it would open.)

export interface TuiOptions {
	/** Store root folder (already resolved). */
	storeRoot: string;
	/** Experiment id or name to focus first. */
	experiment?: string;
	ascii: boolean;
	/** Poll interval in ms when polling is forced (--poll[=MS]). */
	pollMs?: number;
	bell: boolean;
	notify: boolean;
}

export async function openTui(options: TuiOptions): Promise<number> {
	process.stdout.write(`mlwatch: the terminal UI is not built yet (store ${options.storeRoot}). Try 'mlwatch --help' for the headless commands.\n`);
	return 0;
}
