// The demo writes numbers and meta.yaml files the way Python and PyYAML spell them. Checked
// against the real thing: the Python and PyYAML inside the MLflow oracle's venv.

import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {describe, expect, it, type TestContext} from 'vitest';
import {pyFloat, pyStr, yamlMapping} from '../../source/demo/python-text.js';
import {mlflowEnv, MlflowUnavailable, mlflowRequired} from '../helpers/mlflow-oracle.js';

function python(context: TestContext, code: string, input: unknown): any {
	let venv: string;
	try {
		venv = mlflowEnv('3.1.4');
	} catch (error) {
		if (error instanceof MlflowUnavailable && !mlflowRequired) context.skip(error.message);
		throw error;
	}
	const result = spawnSync(join(venv, 'bin', 'python'), ['-c', code], {input: JSON.stringify(input), encoding: 'utf8'});
	if (result.status !== 0) throw new Error(result.stderr);
	return JSON.parse(result.stdout);
}

const floats = [0, 1, -1, 0.5, 5, 1e-5, 0.0001, 0.00012345, 1e-4, 123456789.125, 1e15, 1e16, 1.5e16, 2 ** 60, -3.14159, 0.1 + 0.2, 1 / 3, 6.02214076e23, 5e-324, 1.7976931348623157e308, 0.001, 2.5e-7, 100, 12345678901234567];

describe('Python spellings', () => {
	it('writes floats as Python str(float) does (metric values, float params)', (context) => {
		const expected = python(context, 'import json,sys; print(json.dumps([str(float(x)) for x in json.load(sys.stdin)]))', floats);
		expect(floats.map(pyFloat)).toEqual(expected);
		expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(pyFloat)).toEqual(['nan', 'inf', '-inf']);
		expect([32, 0.001, true, 'adam'].map(pyStr)).toEqual(['32', '0.001', 'True', 'adam']);
	});

	it('writes meta.yaml exactly as PyYAML safe_dump (MLflow\'s write_yaml) does', (context) => {
		const meta = {
			artifact_uri: 'file:///tmp/mlwatch-demo-x1/mlruns/123456789012345678/0a1b/artifacts',
			end_time: null,
			entry_point_name: '',
			experiment_id: '123456789012345678',
			lifecycle_stage: 'active',
			run_id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
			run_name: 'live-trial-1',
			source_name: '',
			source_type: 4,
			source_version: '',
			start_time: 1795771926388,
			status: 1,
			tags: [],
			user_id: 'demo',
		};
		const names = ['0', '007', 'yes', 'y', 'off', 'null', '~', '1.5', '.5', '1e5', '1.0e+5', '0x1F', '1:30', '2024-01-02', 'lr-sweep-2', 'with space', "it's", 'a: b', 'a:b', 'a #b', 'a#b', '#hash', '- x', '-x', '[x]', 'x]', 'Default', ' lead', 'trail ', 'file:///tmp/a b/mlruns', 'ünï', '=', '<<'];
		const expected = python(
			context,
			'import json,sys,yaml; d=json.load(sys.stdin); print(json.dumps([yaml.safe_dump(d["meta"], default_flow_style=False, allow_unicode=True)] + [yaml.safe_dump({"name": n}, default_flow_style=False, allow_unicode=True) for n in d["names"]]))',
			{meta, names},
		);
		expect(yamlMapping(meta)).toBe(expected[0]);
		expect(names.map((name) => yamlMapping({name}))).toEqual(expected.slice(1));
	});
});
