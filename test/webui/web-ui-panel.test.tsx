// The web-UI panel: what people see while MLflow starts, runs, fails or is missing.

import {render} from 'ink-testing-library';
import React from 'react';
import {describe, expect, it} from 'vitest';
import type {WebUiSnapshot} from '../../source/webui/launcher.js';
import {WebUiPanel} from '../../source/ui/webui/WebUiPanel.js';
import {makeTheme, ThemeContext} from '../../source/ui/theme.js';

function frame(props: Partial<React.ComponentProps<typeof WebUiPanel>>, width = 100, height = 20): string {
	const app = render(
		<ThemeContext.Provider value={makeTheme({ascii: false, env: {NO_COLOR: '1'}})}>
			<WebUiPanel width={width} height={height} focused {...props} />
		</ThemeContext.Provider>,
	);
	const text = app.lastFrame() ?? '';
	app.unmount();
	return text;
}

const ready: WebUiSnapshot = {
	state: 'ready',
	host: '127.0.0.1',
	port: 5001,
	url: 'http://127.0.0.1:5001/',
	pid: 4242,
	version: '3.1.4',
	log: Array.from({length: 50}, (_, index) => `log line ${index + 1}`),
};

describe('web UI panel', () => {
	it('shows the URL as a terminal hyperlink, the SSH tunnel, and the tail of the log that fits', () => {
		const text = frame({snapshot: ready, sshHint: 'ssh -N -L 5001:127.0.0.1:5001 alice@198.51.100.20'});
		expect(text).toContain('Running (MLflow 3.1.4), port 5001. W stops it');
		expect(text).toContain('\u001b]8;;http://127.0.0.1:5001/\u001b\\http://127.0.0.1:5001/\u001b]8;;\u001b\\');
		expect(text).toContain('   ssh -N -L 5001:127.0.0.1:5001 alice@198.51.100.20');
		expect(text).toContain('log line 50');
		expect(text).not.toContain('log line 1\n');
		expect(text.split('\n').length).toBeLessThanOrEqual(20);
	});

	it('prints the URL plainly when links are off', () => {
		const text = frame({snapshot: ready, links: false});
		expect(text).toContain('  http://127.0.0.1:5001/');
		expect(text).not.toContain('\u001b]8;;');
	});

	it('says what failed and keeps the log in view', () => {
		const text = frame({snapshot: {...ready, state: 'failed', error: 'MLflow exited before it answered GET /health.', log: ['Traceback (most recent call last):', 'ModuleNotFoundError: No module named flask']}});
		expect(text).toContain('Failed: MLflow exited before it answered GET /health. Press W to try again.');
		expect(text).toContain('ModuleNotFoundError: No module named flask');
	});

	it('wraps the missing-MLflow message so the install command is never cut off', () => {
		const missing = "MLflow is not installed here (mlflow on PATH: not found). The web UI is MLflow's own: install it with 'pip install mlflow' (or 'pipx install mlflow'), or point mlwatch at one with --mlflow PATH. Everything else in mlwatch works without it.";
		const text = frame({missing}, 50);
		const joined = text.split('\n').map((line) => line.trim()).join(' ');
		expect(joined).toContain("'pip install mlflow'");
		expect(joined).toContain('Everything else in mlwatch works without it.');
		for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
	});

	it('tells people what MLflow will create in the store before it starts', () => {
		const text = frame({notice: "MLflow's server creates .trash/ and models/ in /data/mlruns when it opens the store (empty folders; mlwatch itself never writes there)."});
		expect(text).toContain('Press W to start');
		expect(text).toContain('creates .trash/ and models/');
	});
});
