// The text helpers every table and the terminal UI share: display width, cutting,
// durations and times.

import {describe, expect, it} from 'vitest';
import {formatDuration, formatTime, isoTime} from '../../source/text/format.js';
import {renderTable} from '../../source/text/text-table.js';
import {displayWidth, padEnd, truncate} from '../../source/text/width.js';

describe('display width', () => {
	it('counts emoji, a family emoji and CJK as two columns, combining marks and colour codes as none', () => {
		expect(displayWidth('🚀')).toBe(2);
		expect(displayWidth('✅')).toBe(2);
		expect(displayWidth('⚡')).toBe(2);
		expect(displayWidth('👨‍👩‍👧‍👦')).toBe(2);
		expect(displayWidth('中文')).toBe(4);
		expect(displayWidth('e\u0301')).toBe(1);
		expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
		expect(displayWidth('plain')).toBe(5);
	});

	it('cuts between characters, never inside an emoji, and fits the width exactly', () => {
		expect(truncate('👨‍👩‍👧‍👦 family', 3)).toBe('👨‍👩‍👧‍👦…');
		expect(truncate('👨‍👩‍👧‍👦 family', 2)).toBe('…');
		expect(truncate('中文名字', 5)).toBe('中文…');
		expect(displayWidth(truncate('中文名字', 5))).toBeLessThanOrEqual(5);
		expect(truncate('abcdef', 4)).toBe('abc…');
		expect(truncate('abcdef', 4, '...')).toBe('a...');
		expect(truncate('abc', 3)).toBe('abc');
		expect(truncate('abcdef', 1, '...')).toBe('.');
		expect(padEnd('中', 4)).toBe('中  ');
	});

	it('looks only at the start of a huge value', () => {
		const huge = '名'.repeat(20_000_000);
		const started = performance.now();
		expect(truncate(huge, 10)).toBe('名名名名…');
		expect(performance.now() - started).toBeLessThan(1000);
	});
});

describe('durations and times', () => {
	it('reads as seconds, minutes, hours, days, then years and days', () => {
		expect(formatDuration(42_000)).toBe('42s');
		expect(formatDuration(125_000)).toBe('2m05s');
		expect(formatDuration(5 * 3_600_000 + 3 * 60_000)).toBe('5h03m');
		expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d04h');
		expect(formatDuration((4 * 365 + 45) * 86_400_000)).toBe('4y45d');
		expect(formatDuration(400 * 365 * 86_400_000)).toBe('400y');
	});

	it('shows a time no JavaScript date can hold as the number itself', () => {
		expect(formatTime(99999999999999999)).toBe('100000000000000000');
		expect(formatTime(8640000000000001)).toBe('8640000000000001');
		expect(isoTime(8640000000000001)).toBe('8640000000000001');
		expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
	});
});

describe('fitting a table', () => {
	const columns = [{header: 'RUN ID', id: true}, {header: 'NAME', shrinkable: true}, {header: 'EXTRA', drop: 1}, {header: 'STATUS'}];
	const rows = [['0123456789abcdef0123456789abcdef', 'a-long-run-name-that-goes-on', 'extra-value', 'FINISHED']];

	it('leaves a table that fits as it is', () => {
		const table = renderTable(columns, rows, 200);
		expect(table.hidden).toEqual([]);
		expect(table.text.split('\n')[1]).toBe('0123456789abcdef0123456789abcdef  a-long-run-name-that-goes-on  extra-value  FINISHED');
	});

	it('shortens ids first, then names, then leaves columns out', () => {
		expect(renderTable(columns, rows, 70).text.split('\n')[1]).toBe('01234567  a-long-run-name-that-goes-on  extra-value  FINISHED');
		expect(renderTable(columns, rows, 58).text.split('\n')[1]).toBe('01234567  a-long-run-name-that-goe…  extra-value  FINISHED');
		// Rather than cut a name below 20 columns, a column that may go goes.
		const fewer = renderTable(columns, rows, 50);
		expect(fewer.hidden).toEqual(['EXTRA']);
		expect(fewer.text.split('\n')[1]).toBe('01234567  a-long-run-name-that-goes-on  FINISHED');
		expect(renderTable(columns, rows, 36).text.split('\n')[1]).toBe('01234567  a-long-run-name…  FINISHED');
	});
});
