// The TUI's web-UI hook with REAL MLflow: one key press starts the server on a free port,
// a second stops it, and unmounting (quitting mlwatch) stops it too, leaving no process.

import {rmSync} from 'node:fs';
import {dirname} from 'node:path';
import {Text, useInput} from 'ink';
import {render} from 'ink-testing-library';
import React, {useMemo} from 'react';
import {FileStore} from '../../source/store/file/file-store.js';
import {afterAll, describe, expect, it} from 'vitest';
import {useWebUi} from '../../source/ui/webui/use-web-ui.js';
import {WebUiPanel} from '../../source/ui/webui/WebUiPanel.js';
import {MlflowUnavailable, mlflowEnv, mlflowRequired} from '../helpers/mlflow-oracle.js';
import {corpusStore, hasCorpus} from '../helpers/paths.js';
import {copyStore, processesInGroup, processesMentioning, waitUntil} from './web-ui-process.js';

const minutes = 60_000;
const copies: string[] = [];
afterAll(() => {
	for (const dir of copies) rmSync(dir, {recursive: true, force: true});
});

function venv(): string | undefined {
	try {
		return mlflowEnv('3.1.4');
	} catch (error) {
		if (error instanceof MlflowUnavailable && !mlflowRequired) return undefined;
		throw error;
	}
}

/** A stand-in for the TUI: W toggles, the panel shows the state. */
function Harness({storeRoot, mlflow, env}: {storeRoot: string; mlflow: string; env: NodeJS.ProcessEnv}): React.JSX.Element {
	const store = useMemo(() => new FileStore(storeRoot), [storeRoot]);
	const web = useWebUi({store, mlflow, env, cwd: '/', port: 5700});
	useInput((input) => {
		if (input === 'W') web.toggle();
	});
	return (
		<>
			<Text>pgid={web.snapshot?.pid ?? '-'}</Text>
			<WebUiPanel snapshot={web.snapshot} missing={web.missing} notice={web.notice} sshHint={web.sshHint} width={120} height={20} focused links={false} />
		</>
	);
}

const pgidOf = (frame: string) => Number(/pgid=(\d+)/.exec(frame)?.[1]);

describe.skipIf(!hasCorpus)('useWebUi', () => {
	const mlflowVenv = venv();

	it('W starts MLflow on a free port, W again stops it and every process it started', async (context) => {
		if (!mlflowVenv) return context.skip('MLflow 3.1.4 unavailable (MLWATCH_REQUIRE_MLFLOW=1 fails instead)');
		const store = copyStore(corpusStore('jeffc05__learning_mlops'));
		copies.push(dirname(store));
		const app = render(<Harness storeRoot={store} mlflow={mlflowVenv} env={{...process.env, SSH_CONNECTION: '203.0.113.7 52100 198.51.100.20 22', USER: 'alice'}} />);
		try {
			expect(app.lastFrame()).toContain('Press W to start');
			app.stdin.write('W');
			expect(await waitUntil(() => /Running \(MLflow 3\.1\.4\)/.test(app.lastFrame() ?? ''), 2 * minutes), app.lastFrame()).toBe(true);
			const frame = app.lastFrame()!;
			const port = Number(/port (\d+)\./.exec(frame)?.[1]);
			expect(port).toBeGreaterThanOrEqual(5700);
			expect(frame).toContain(`http://127.0.0.1:${port}/`);
			expect(frame).toContain(`ssh -N -L ${port}:127.0.0.1:${port} alice@198.51.100.20`);
			expect(frame).toContain("MLflow's log");
			expect(await (await fetch(`http://127.0.0.1:${port}/health`)).text()).toBe('OK');
			const pgid = pgidOf(frame);
			expect(processesInGroup(pgid).length).toBeGreaterThan(1);

			app.stdin.write('W');
			expect(await waitUntil(() => (app.lastFrame() ?? '').includes('Stopped. Press W to start it again.'), minutes), app.lastFrame()).toBe(true);
			expect(processesInGroup(pgid)).toEqual([]);
			expect(processesMentioning(store)).toEqual([]);
		} finally {
			app.unmount();
		}
	}, 5 * minutes);

	it('quitting (unmount) while it runs stops it', async (context) => {
		if (!mlflowVenv) return context.skip('MLflow 3.1.4 unavailable (MLWATCH_REQUIRE_MLFLOW=1 fails instead)');
		const store = copyStore(corpusStore('jeffc05__learning_mlops'));
		copies.push(dirname(store));
		const app = render(<Harness storeRoot={store} mlflow={mlflowVenv} env={process.env} />);
		app.stdin.write('W');
		expect(await waitUntil(() => /Running/.test(app.lastFrame() ?? ''), 2 * minutes), app.lastFrame()).toBe(true);
		const pgid = pgidOf(app.lastFrame()!);
		app.unmount();
		expect(await waitUntil(() => processesInGroup(pgid).length === 0, 20_000)).toBe(true);
		expect(processesMentioning(store)).toEqual([]);
	}, 5 * minutes);

	it('with MLflow missing, W explains how to install it and starts nothing', async () => {
		const app = render(<Harness storeRoot={corpusStore('jeffc05__learning_mlops')} mlflow="/nonexistent/mlflow" env={{PATH: ''}} />);
		try {
			app.stdin.write('W');
			expect(await waitUntil(() => (app.lastFrame() ?? '').includes('pip install mlflow'), 10_000), app.lastFrame()).toBe(true);
			expect(app.lastFrame()).toContain('pgid=-');
		} finally {
			app.unmount();
		}
	});
});
