// Charts and sparklines must survive what MLflow stores hold (NaN, inf, one point, flat
// lines, thousands of points) and never draw wider than they were given.

import {describe, expect, it} from 'vitest';
import {renderChart, resample, type Point} from '../../source/ui/model/chart-grid.js';
import {sparkline} from '../../source/ui/model/sparkline.js';
import {makeTheme} from '../../source/ui/theme.js';
import {displayWidth} from '../../source/text/width.js';

const glyphs = makeTheme({ascii: false, env: {}}).glyphs;
const ascii = makeTheme({ascii: true, env: {}}).glyphs;
const text = (chart: NonNullable<ReturnType<typeof renderChart>>) => chart.lines.map((line) => line.map((segment) => segment.text).join(''));
const line = (n: number, f: (i: number) => number): Point[] => Array.from({length: n}, (_, i) => ({x: i, y: f(i)}));

describe('renderChart', () => {
	it('draws a long history within the width and height it is given', () => {
		const chart = renderChart([line(13_522, (i) => 1 / (1 + i / 100))], {width: 60, height: 12, symbols: glyphs.chart, formatX: String})!;
		const lines = text(chart);
		expect(lines).toHaveLength(12);
		for (const row of lines) expect(displayWidth(row)).toBeLessThanOrEqual(60);
		// Falling curve: the first column reaches the top, the last lies near the bottom.
		expect(lines[0]).toMatch(/[╮─╭│]/);
		expect(lines[lines.length - 2]).toMatch(/─/);
	});

	it('drops NaN and infinite points instead of throwing, and says how many', () => {
		const points = [{x: 0, y: 1}, {x: 1, y: Number.NaN}, {x: 2, y: Number.POSITIVE_INFINITY}, {x: 3, y: 0.5}];
		const chart = renderChart([points], {width: 40, height: 6, symbols: glyphs.chart, formatX: String})!;
		expect(chart.dropped).toBe(2);
		expect(chart.yMin).toBe(0.5);
		expect(chart.yMax).toBe(1);
	});

	it('returns nothing to draw when no value is finite', () => {
		expect(renderChart([[{x: 0, y: Number.NaN}]], {width: 40, height: 6, symbols: glyphs.chart, formatX: String})).toBeUndefined();
	});

	it('draws a single point and a flat line', () => {
		const single = text(renderChart([[{x: 5, y: 2}]], {width: 30, height: 5, symbols: glyphs.chart, formatX: String})!);
		expect(single.join('\n')).toContain('─');
		const flat = text(renderChart([line(10, () => 3)], {width: 30, height: 5, symbols: glyphs.chart, formatX: String})!);
		expect(flat.filter((row) => row.includes('──'))).toHaveLength(1);
	});

	it('knows which run drew each cell, so runs get their own colour', () => {
		const up = line(50, (i) => i);
		const down = line(50, (i) => 49 - i);
		const chart = renderChart([up, down], {width: 50, height: 10, symbols: glyphs.chart, formatX: String})!;
		const owners = new Set(chart.lines.flatMap((row) => row.map((segment) => segment.series)).filter((owner) => owner !== undefined));
		expect(owners).toEqual(new Set([0, 1]));
	});

	it('writes each run with its own number when colours are off', () => {
		const chart = renderChart([line(20, (i) => i), line(20, (i) => 20 - i)], {width: 40, height: 8, symbols: glyphs.chart, formatX: String, seriesChar: (index) => String(index + 1)})!;
		const body = text(chart).slice(0, -1).map((row) => row.slice(row.indexOf('┤') + 1)).join('');
		expect(body).toMatch(/1/);
		expect(body).toMatch(/2/);
		expect(body).not.toMatch(/[─╭╮╰╯│]/);
	});

	it('uses only ASCII in --ascii mode', () => {
		const chart = renderChart([line(30, (i) => Math.sin(i / 3))], {width: 40, height: 8, symbols: ascii.chart, formatX: (x) => `step ${x}`})!;
		for (const row of text(chart)) expect(row).toMatch(/^[\x20-\x7e]*$/);
	});

	it('labels the x axis with the first and last step', () => {
		const chart = renderChart([line(100, (i) => i)], {width: 60, height: 6, symbols: glyphs.chart, formatX: (x) => `step ${x}`})!;
		const axis = text(chart).at(-1)!;
		expect(axis).toContain('step 0');
		expect(axis).toContain('step 99');
	});

	it('overlays runs with different step ranges on one shared axis', () => {
		const early = line(10, (i) => i);
		const late = Array.from({length: 10}, (_, i) => ({x: 90 + i, y: i}));
		const chart = renderChart([early, late], {width: 60, height: 6, symbols: glyphs.chart, formatX: String})!;
		const columnsOf = (series: number) => {
			const columns: number[] = [];
			for (const row of chart.lines) {
				let at = 0;
				for (const segment of row) {
					if (segment.series === series) for (let i = 0; i < segment.text.length; i++) columns.push(at + i);
					at += segment.text.length;
				}
			}
			return columns;
		};
		expect(Math.max(...columnsOf(0))).toBeLessThan(Math.min(...columnsOf(1)));
	});
});

describe('resample', () => {
	it('averages points that share a column and joins columns between points', () => {
		expect(resample([{x: 0, y: 0}, {x: 0, y: 2}, {x: 4, y: 5}], 0, 4, 4)).toEqual({start: 0, values: [1, 2, 3, 4, 5], low: [0, 2, 3, 4, 5], high: [2, 2, 3, 4, 5]});
	});

	it('draws a lone spike among a million points at its full height', () => {
		// As on the Shinra2022 store: a loss that topped out at 1.0278 once, otherwise near 0.3.
		const points = line(1_000_000, (i) => (i === 123_456 ? 1.0278 : 0.3 + (i % 7) / 1000));
		const chart = renderChart([points], {width: 80, height: 12, symbols: glyphs.chart, formatX: String})!;
		const lines = text(chart);
		expect(lines[0]).toMatch(/^ *1\.028 /);
		expect(lines[0]).toMatch(/[│╮╭─]/);
	});
});

describe('sparkline', () => {
	it('rises and falls with the values', () => {
		expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8, glyphs)).toBe('▁▂▃▄▅▆▇█');
	});

	it('squeezes a long sample into its width and marks non-finite stretches', () => {
		const values = Array.from({length: 128}, (_, i) => (i === 64 ? Number.NaN : i));
		const spark = sparkline(values, 12, glyphs);
		expect([...spark]).toHaveLength(12);
		expect(spark).toContain('×');
	});

	it('draws a constant series as a level line', () => {
		expect(new Set(sparkline([2, 2, 2], 3, glyphs))).toEqual(new Set(['▄']));
	});

	it('is plain ASCII in --ascii mode', () => {
		expect(sparkline([1, 5, 2, 8], 4, ascii)).toMatch(/^[\x20-\x7e]+$/);
	});
});
