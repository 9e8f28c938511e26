// The file store's only way to touch the disk: synchronous, bounded, and tolerant. Every
// failure is a value, never an exception, so one bad entry never hides the rest.
// Synchronous because a big store is hundreds of thousands of tiny files: a promise and a
// thread-pool hop per file cost several times the read itself (docs/performance.md). The
// store runs this work in short slices (read-slices.ts), so the UI stays responsive.
//
// Bounds: only regular files are opened (a FIFO named meta.yaml must not hang a read),
// and opened non-blocking besides, in case one is swapped in between look and open; a
// read takes at most the bytes asked for and says how big the file really is.

import {closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Dirent, type Stats} from 'node:fs';

export type Failure = {ok: false; reason: string; missing: boolean};
export type Result<T> = ({ok: true} & T) | Failure;

/** What identifies one version of a file: any write, truncation or replacement changes it. */
export interface Stamp {
	size: number;
	mtimeMs: number;
	ctimeMs: number;
	ino: number;
}

export function stampOf(stats: Stats): Stamp {
	return {size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino};
}

export function sameStamp(a: Stamp | undefined, b: Stamp | undefined): boolean {
	return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

export function failure(error: unknown): Failure {
	const code = (error as NodeJS.ErrnoException)?.code;
	const missing = code === 'ENOENT' || code === 'ENOTDIR';
	const reason =
		code === 'EACCES' || code === 'EPERM' ? 'permission denied'
		: missing ? 'does not exist'
		: code === 'EISDIR' ? 'is a folder, expected a file'
		: code === 'ELOOP' ? 'a symbolic link loop'
		: code === 'EAGAIN' ? 'would block (not a regular file)'
		: (error as Error)?.message ?? String(error);
	return {ok: false, reason, missing};
}

export function statPath(path: string): Result<{stats: Stats}> {
	try {
		return {ok: true, stats: statSync(path)};
	} catch (error) {
		return failure(error);
	}
}

export function stampPath(path: string): Stamp | undefined {
	try {
		const stats = statSync(path, {throwIfNoEntry: false});
		return stats ? stampOf(stats) : undefined;
	} catch {
		return undefined;
	}
}

export function listDirSync(path: string): Result<{entries: Dirent[]}> {
	try {
		return {ok: true, entries: readdirSync(path, {withFileTypes: true})};
	} catch (error) {
		return failure(error);
	}
}

/** What an entry of a listing is, following symbolic links as MLflow's os.walk does. */
export type EntryKind = 'file' | 'dir' | 'other' | 'broken-link';

export function kindOf(entry: Dirent, dir: string): EntryKind {
	if (entry.isFile()) return 'file';
	if (entry.isDirectory()) return 'dir';
	if (!entry.isSymbolicLink()) return 'other';
	const target = statPath(`${dir}/${entry.name}`);
	if (!target.ok) return 'broken-link';
	return target.stats.isFile() ? 'file' : target.stats.isDirectory() ? 'dir' : 'other';
}

/** Human words for a folder entry that is neither a file nor a folder. */
export function otherKindWords(path: string): string {
	try {
		const stats = statSync(path);
		if (stats.isFIFO()) return 'a named pipe (FIFO), not a file';
		if (stats.isSocket()) return 'a socket, not a file';
		if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device, not a file';
	} catch {
		// fall through
	}
	return 'not a regular file';
}

// One buffer for every read: the store reads one file at a time.
let shared = Buffer.allocUnsafe(1 << 16);

export interface BoundedRead {
	bytes: Buffer;
	/** The file's size when opened. */
	size: number;
	stamp: Stamp;
	/** True when the file holds more than was read. */
	truncated: boolean;
}

/**
 * Up to `maxBytes` from `offset` of a regular file. The bytes returned are a fresh copy
 * unless `borrow` is set, in which case they are valid only until the next read.
 */
export function readBounded(path: string, maxBytes: number, offset = 0, borrow = false): Result<BoundedRead> {
	let fd: number;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		return failure(error);
	}
	try {
		const stats = fstatSync(fd);
		if (!stats.isFile()) return {ok: false, reason: stats.isDirectory() ? 'is a folder, expected a file' : otherKindWords(path), missing: false};
		const want = Math.max(0, Math.min(maxBytes, stats.size - offset));
		if (shared.length < want) shared = Buffer.allocUnsafe(Math.max(want, shared.length * 2));
		let read = 0;
		while (read < want) {
			const got = readSync(fd, shared, read, want - read, offset + read);
			if (got === 0) break;
			read += got;
		}
		const bytes = borrow ? shared.subarray(0, read) : Buffer.from(shared.subarray(0, read));
		return {ok: true, bytes, size: stats.size, stamp: stampOf(stats), truncated: offset + read < stats.size};
	} catch (error) {
		return failure(error);
	} finally {
		try {
			closeSync(fd);
		} catch {
			// nothing to do
		}
	}
}

/** A whole small text file (meta.yaml, a param, a tag), at most `maxBytes` of it. */
export function readTextBounded(path: string, maxBytes: number): Result<{text: string; size: number; stamp: Stamp; truncated: boolean}> {
	const read = readBounded(path, maxBytes, 0, true);
	if (!read.ok) return read;
	return {ok: true, text: read.bytes.toString('utf8'), size: read.size, stamp: read.stamp, truncated: read.truncated};
}

/** "50.0 MB", "2.1 GB": sizes in problems and truncation notes. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} bytes`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(1)} ${units[unit]}`;
}

/** When a listing failed: is `dir` there but a file (or something else) instead of a folder? */
export function notAFolder(dir: string): boolean {
	const stats = statPath(dir);
	return stats.ok && !stats.stats.isDirectory();
}
