// Writing an export into the folder mlwatch was started in, never into the store it
// reads (mlwatch never writes there), and never over an existing file.

import {openSync, writeSync, closeSync} from 'node:fs';
import {join} from 'node:path';
import type {StoreDescription} from '../../store/contract.js';
import {storeAround} from '../../store/choose-store.js';
import {formatExport, type ExportFormat, type ExportTable} from './export-table.js';

export type ExportResult = {written: string} | {refused: string};

function slug(text: string): string {
	// Short, so the "Wrote …" message keeps the whole name at 80 columns.
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24).replace(/-+$/, '');
}

function stamp(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

export function exportFileName(table: ExportTable, format: ExportFormat, now: Date, attempt = 0): string {
	const about = slug(table.subject);
	return `mlwatch-${table.kind}${about ? `-${about}` : ''}-${stamp(now)}${attempt > 0 ? `-${attempt + 1}` : ''}.${format}`;
}

export function writeExport(table: ExportTable, format: ExportFormat, options: {cwd: string; store: StoreDescription; now?: Date}): ExportResult {
	const inside = storeAround(options.cwd, options.store);
	if (inside !== undefined) return {refused: `the current folder is inside the store (${inside}), and mlwatch never writes there: start mlwatch from another folder to export`};
	const body = formatExport(table, format);
	const now = options.now ?? new Date();
	for (let attempt = 0; attempt < 100; attempt++) {
		const path = join(options.cwd, exportFileName(table, format, now, attempt));
		let fd: number;
		try {
			fd = openSync(path, 'wx');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
			return {refused: `cannot write ${path}: ${(error as Error).message}`};
		}
		try {
			writeSync(fd, body);
		} finally {
			closeSync(fd);
		}
		return {written: path};
	}
	return {refused: 'too many exports with the same name this second'};
}
