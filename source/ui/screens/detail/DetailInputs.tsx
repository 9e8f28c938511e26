// The datasets (and, in MLflow 3, models) a run took as input.

import {Box, Text} from 'ink';
import React from 'react';
import type {RunRecord} from '../../../store/run-record.js';
import {truncate} from '../../../text/width.js';
import {useScroll} from '../../hooks/use-scroll.js';
import {fitColumns, type ColumnSpec} from '../../model/fit-columns.js';
import {useTheme} from '../../theme.js';
import {Notice} from '../../components/Notice.js';
import {Table, type TableRow} from '../../components/Table.js';

const CONTEXT_TAG = 'mlflow.data.context';

export function DetailInputs({record, index, width, height, focused}: {record: RunRecord; index: number; width: number; height: number; focused: boolean}): React.JSX.Element {
	const theme = useTheme();
	const datasets = record.run.inputs.dataset_inputs;
	const models = record.run.inputs.model_inputs;
	const modelLines = models.length > 0 ? Math.min(models.length + 1, Math.max(0, height - 4)) : 0;
	const tableHeight = Math.max(1, height - 1 - modelLines);
	const scroll = useScroll(index, tableHeight, datasets.length);
	if (datasets.length === 0 && models.length === 0) return <Notice text="No dataset or model inputs recorded for this run." width={width} />;
	const specs: ColumnSpec[] = [
		{id: 'name', header: 'DATASET', ideal: Math.min(30, Math.max(7, ...datasets.map((input) => input.dataset.name.length))), min: 8, frozen: true, flex: true},
		{id: 'context', header: 'CONTEXT', ideal: Math.max(7, ...datasets.map((input) => (input.tags.find((tag) => tag.key === CONTEXT_TAG)?.value ?? '').length)), min: 5},
		{id: 'digest', header: 'DIGEST', ideal: Math.max(6, ...datasets.map((input) => input.dataset.digest.length)), min: 6},
		{id: 'type', header: 'SOURCE TYPE', ideal: Math.max(11, ...datasets.map((input) => input.dataset.source_type.length)), min: 6},
		{id: 'source', header: 'SOURCE', ideal: Math.min(60, Math.max(6, ...datasets.map((input) => input.dataset.source.length))), min: 10},
	];
	const fit = fitColumns(specs, width - 1, 0);
	const rows: TableRow[] = datasets.map((input, at) => {
		const cells: Record<string, string> = {
			name: input.dataset.name,
			context: input.tags.find((tag) => tag.key === CONTEXT_TAG)?.value ?? '',
			digest: input.dataset.digest,
			type: input.dataset.source_type,
			source: input.dataset.source,
		};
		return {key: `${input.dataset.digest}#${at}`, selected: at === index, cells: fit.columns.map((column) => ({text: cells[column.id] ?? ''}))};
	});
	return (
		<Box flexDirection="column" height={height}>
			{datasets.length > 0 ? (
				<Box>
					<Table columns={fit.columns} rows={rows} height={tableHeight} scroll={scroll} focused={focused} />
				</Box>
			) : (
				<Notice text="No dataset inputs." width={width} />
			)}
			{modelLines > 0 && (
				<Box flexDirection="column">
					<Text bold>{truncate(' Model inputs', width)}</Text>
					{models.slice(0, modelLines - 1).map((model) => (
						<Text key={model.model_id} wrap="truncate">
							{truncate('   ' + model.model_id, width, theme.glyphs.ellipsis)}
						</Text>
					))}
				</Box>
			)}
		</Box>
	);
}
