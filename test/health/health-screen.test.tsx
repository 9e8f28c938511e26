// The health screen shows the same report as `mlwatch status`, fitted to the pane: with
// little room the passing checks fold into one line so warnings and fixes stay in view.

import {render} from 'ink-testing-library';
import React from 'react';
import {describe, expect, it} from 'vitest';
import {runHealthChecks} from '../../source/health/engine.js';
import {HealthScreen} from '../../source/ui/health/HealthScreen.js';
import {makeTheme, ThemeContext} from '../../source/ui/theme.js';
import {corpusStore, hasCorpus} from '../helpers/paths.js';

const NO_MLFLOW = {PATH: '', VIRTUAL_ENV: '', CONDA_PREFIX: ''};

function frame(element: React.JSX.Element, ascii = false): string {
	const app = render(<ThemeContext.Provider value={makeTheme({ascii, env: {NO_COLOR: '1'}})}>{element}</ThemeContext.Provider>);
	const text = app.lastFrame() ?? '';
	app.unmount();
	return text;
}

describe.skipIf(!hasCorpus)('health screen', async () => {
	const report = await runHealthChecks({store: corpusStore('1234525344__stock-quant'), env: NO_MLFLOW, cwd: '/'});

	it('lists the facts and every check, with the fix under each warning', () => {
		const text = frame(<HealthScreen report={report} loading={false} width={160} height={40} focused />);
		expect(text).toContain('Health · ' + corpusStore('1234525344__stock-quant'));
		expect(text).toMatch(/Runs\s+10 active \(7 FAILED, 3 FINISHED\)/);
		expect(text).toMatch(/✓ Store readable/);
		expect(text).toMatch(/! Artifact paths\s+10 of 10 runs/);
		expect(text).toContain('fix: pip install mlflow');
		for (const check of report.checks) expect(text).toContain(check.title);
		expect(text.split('\n').length).toBeLessThanOrEqual(40);
	});

	it('folds the passing checks when the pane is short, keeping warnings in view', () => {
		const text = frame(<HealthScreen report={report} loading={false} width={120} height={12} focused />);
		expect(text.split('\n').length).toBeLessThanOrEqual(12);
		expect(text).toMatch(/! MLflow installed/);
		expect(text).toMatch(/! Artifact paths/);
		expect(text).toMatch(new RegExp(`✓ ${report.summary.ok} more checks ok: store readable`));
		expect(text).not.toMatch(/✓ Free disk space/);
	});

	it('keeps to ASCII with --ascii, and cuts long lines to the width', () => {
		const text = frame(<HealthScreen report={report} loading={false} width={60} height={40} focused />, true);
		expect(text).toContain('+ Store readable');
		expect(text).not.toMatch(/[✓✗]/);
		for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
	});

	it('says it is checking before the first report', () => {
		expect(frame(<HealthScreen loading width={80} height={10} focused />)).toContain('Checking the store and MLflow');
	});
});
