// Models a run produced: MLflow 3 logged models, and registry versions made from the run.

import {Box, Text} from 'ink';
import React from 'react';
import type {RunRecord} from '../../../store/run-record.js';
import {formatTime} from '../../../text/format.js';
import {sanitizeLine} from '../../../text/sanitize.js';
import {truncate} from '../../../text/width.js';
import type {AsyncValue} from '../../hooks/use-async.js';
import type {RunModels} from '../../hooks/use-run-data.js';
import {fitColumns, type ColumnSpec} from '../../model/fit-columns.js';
import {useTheme} from '../../theme.js';
import {Notice} from '../../components/Notice.js';
import {Table, type TableRow} from '../../components/Table.js';

export function DetailModels({record, models, index, width, height, focused}: {record: RunRecord; models: AsyncValue<RunModels>; index: number; width: number; height: number; focused: boolean}): React.JSX.Element {
	const theme = useTheme();
	const logged = models.value?.logged ?? [];
	const registered = models.value?.registered ?? [];
	const registryLines = registered.length > 0 ? Math.min(registered.length + 1, Math.max(2, Math.floor(height / 3))) : 0;
	const tableHeight = Math.max(1, height - 1 - registryLines);
	if (models.error) return <Notice text={`Cannot read models: ${models.error}`} width={width} tone="error" />;
	if (!models.value) return <Notice text="Reading models…" width={width} />;
	if (logged.length === 0 && registered.length === 0) return <Notice text="This run logged no models and no registered version comes from it." width={width} />;
	const steps = new Map(record.run.outputs.model_outputs.map((output) => [output.model_id, output.step]));
	const specs: ColumnSpec[] = [
		{id: 'name', header: 'LOGGED MODEL', ideal: Math.max(12, ...logged.map((model) => model.info.name.length)), min: 8, frozen: true, flex: true},
		{id: 'id', header: 'MODEL ID', ideal: Math.max(8, ...logged.map((model) => model.info.model_id.length)), min: 10},
		{id: 'status', header: 'STATUS', ideal: 8, min: 6},
		{id: 'step', header: 'STEP', ideal: 4, min: 4, align: 'right'},
		{id: 'type', header: 'TYPE', ideal: Math.max(4, ...logged.map((model) => (model.info.model_type ?? '').length)), min: 4},
		{id: 'created', header: 'CREATED', ideal: 16, min: 10},
	];
	const fit = fitColumns(specs, width - 1, 0);
	const rows: TableRow[] = logged.map((model, at) => {
		const cells: Record<string, string> = {
			name: model.info.name,
			id: model.info.model_id,
			status: model.info.status.replace('LOGGED_MODEL_', '').toLowerCase(),
			step: String(steps.get(model.info.model_id) ?? ''),
			type: model.info.model_type ?? '',
			created: formatTime(model.info.creation_timestamp_ms),
		};
		return {key: model.info.model_id, selected: at === index, cells: fit.columns.map((column) => ({text: cells[column.id] ?? ''}))};
	});
	return (
		<Box flexDirection="column" height={height}>
			{logged.length > 0 ? (
				<Box>
					<Table columns={fit.columns} rows={rows} height={tableHeight} scroll={Math.max(0, index - tableHeight + 1)} focused={focused} />
				</Box>
			) : (
				<Notice text="No logged models (MLflow 3)." width={width} />
			)}
			{registryLines > 0 && (
				<Box flexDirection="column">
					<Text bold>{truncate(' Registered from this run', width)}</Text>
					{registered.slice(0, registryLines - 1).map((version) => (
						<Text key={`${version.name}@${version.version}`} wrap="truncate">
							{truncate(
								`   ${sanitizeLine(version.name)} v${version.version}${version.current_stage && version.current_stage !== 'None' ? ` · ${sanitizeLine(version.current_stage)}` : ''}${version.aliases.length > 0 ? ` · @${version.aliases.map(sanitizeLine).join(' @')}` : ''}`,
								width,
								theme.glyphs.ellipsis,
							)}
						</Text>
					))}
				</Box>
			)}
		</Box>
	);
}
