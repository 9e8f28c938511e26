// Reading a big store starts tens of thousands of file reads at once. They must never run
// the process out of descriptors: a file that failed with EMFILE would be reported as
// unreadable and its metric or param left off the screen.

import {describe, expect, it} from 'vitest';
import {MAX_OPEN, withOpenFile} from '../../source/store/file/open-files.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('open files', () => {
	it('holds at most a fixed number of files open however many reads start together', async () => {
		let open = 0;
		let most = 0;
		const reads = Array.from({length: MAX_OPEN * 20}, (_, index) =>
			withOpenFile(async () => {
				open++;
				most = Math.max(most, open);
				await tick();
				open--;
				return index;
			}),
		);
		const values = await Promise.all(reads);
		expect(values).toEqual(Array.from({length: MAX_OPEN * 20}, (_, index) => index));
		expect(most).toBe(MAX_OPEN);
	});

	it('waits and tries again when the process is out of descriptors, instead of failing the file', async () => {
		let attempts = 0;
		const value = await withOpenFile(async () => {
			attempts++;
			if (attempts < 3) throw Object.assign(new Error('EMFILE: too many open files'), {code: 'EMFILE'});
			return 'read';
		});
		expect(value).toBe('read');
		expect(attempts).toBe(3);
	});

	it('passes other errors on at once (a missing file is an answer, not a reason to wait)', async () => {
		let attempts = 0;
		await expect(
			withOpenFile(async () => {
				attempts++;
				throw Object.assign(new Error('ENOENT'), {code: 'ENOENT'});
			}),
		).rejects.toThrow('ENOENT');
		expect(attempts).toBe(1);
	});
});
