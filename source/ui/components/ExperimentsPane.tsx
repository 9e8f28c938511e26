// Experiments: name, active runs, how many are running, last activity.

import {Box} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../text/sanitize.js';
import {displayWidth} from '../../text/width.js';
import {useUiDataContext} from '../hooks/use-ui-data-context.js';
import {useScroll} from '../hooks/use-scroll.js';
import {fitColumns, type ColumnSpec} from '../model/fit-columns.js';
import {ageText} from '../model/run-label.js';
import type {PaneProps} from '../screens.js';
import {useReportList, useUiState} from '../state/contexts.js';
import {useTheme} from '../theme.js';
import {Notice} from './Notice.js';
import {PaneTitle} from './PaneTitle.js';
import {Table, type TableRow} from './Table.js';

export function ExperimentsPane({width, height, focused}: PaneProps): React.JSX.Element {
	const theme = useTheme();
	const state = useUiState();
	const data = useUiDataContext();
	const list = data.visibleExperiments;
	const deletedCount = (data.experiments.value ?? []).filter((experiment) => experiment.lifecycle_stage === 'deleted').length;
	const bodyHeight = Math.max(1, height - 2);
	useReportList('experiments', list.length, bodyHeight);
	const index = Math.max(0, list.findIndex((experiment) => experiment.experiment_id === data.experiment?.experiment_id));
	const scroll = useScroll(index, bodyHeight, list.length);
	const info = `${list.length}${deletedCount > 0 ? (state.showDeletedExperiments ? ` incl. ${deletedCount} deleted` : ` · ${deletedCount} deleted hidden (D)`) : ''}`;

	let body: React.JSX.Element;
	if (data.experiments.error) {
		body = <Notice text={`Cannot read the experiments: ${data.experiments.error}`} width={width} tone="error" />;
	} else if (!data.experiments.value) {
		body = <Notice text="Reading the store…" width={width} />;
	} else if (list.length === 0) {
		body = <Notice text={deletedCount > 0 ? 'Only deleted experiments here: press D to show them.' : 'No experiments in this store.'} width={width} />;
	} else {
		const rows: TableRow[] = list.map((experiment) => {
			const stats = data.stats.get(experiment.experiment_id);
			const deleted = experiment.lifecycle_stage === 'deleted';
			const pending = stats === undefined ? theme.glyphs.ellipsis : '';
			return {
				key: experiment.experiment_id,
				selected: experiment.experiment_id === data.experiment?.experiment_id,
				dim: deleted,
				cells: [
					{text: sanitizeLine(experiment.name) + (deleted ? ' (deleted)' : '')},
					{text: stats ? String(stats.active) : pending},
					{text: stats ? (stats.running > 0 ? `${theme.glyphs.status('RUNNING')} ${stats.running}` : '') : pending, color: theme.paint('cyan')},
					{text: ageText(stats?.lastActivity ?? experiment.last_update_time, data.now)},
				],
			};
		});
		const nameWidth = Math.max(4, ...list.map((experiment) => displayWidth(sanitizeLine(experiment.name)) + (experiment.lifecycle_stage === 'deleted' ? 10 : 0)));
		const specs: ColumnSpec[] = [
			{id: 'name', header: 'NAME', ideal: Math.min(60, nameWidth), min: 8, frozen: true, flex: true},
			{id: 'runs', header: 'RUNS', ideal: 4, min: 4, align: 'right'},
			{id: 'running', header: 'LIVE', ideal: 4, min: 3, align: 'right'},
			{id: 'last', header: 'LAST', ideal: 10, min: 5, align: 'right'},
		];
		const fit = fitColumns(specs, width - 1, 0);
		body = (
			<Box>
				<Table columns={fit.columns} rows={rows} height={bodyHeight} scroll={scroll} focused={focused} />
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<PaneTitle title="Experiments" info={info} width={width} focused={focused} />
			{body}
		</Box>
	);
}
