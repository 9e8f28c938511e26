// Experiments: name, active runs, how many are running, last activity.

import {Box} from 'ink';
import React from 'react';
import {sanitizeLine} from '../../../text/sanitize.js';
import {displayWidth} from '../../../text/width.js';
import {Notice} from '../../components/Notice.js';
import {PaneTitle} from '../../components/PaneTitle.js';
import {Table, type TableRow} from '../../components/Table.js';
import {useScroll} from '../../hooks/use-scroll.js';
import {fitColumns, type ColumnSpec} from '../../model/fit-columns.js';
import {ageText} from '../../model/run-label.js';
import {useTheme} from '../../theme.js';
import type {ViewProps} from '../screen.js';
import type {ExperimentsModel} from './use-experiments-model.js';

export function ExperimentsView({model, width, height, focused}: ViewProps<ExperimentsModel>): React.JSX.Element {
	const theme = useTheme();
	const {list, deletedCount, showDeleted, index} = model;
	const searchLine = model.search ? 1 : 0;
	const bodyHeight = Math.max(1, height - 2 - searchLine);
	const scroll = useScroll(index, bodyHeight, list.length);
	const info = `${model.search ? `${list.length} of ${model.searchInfo.total}` : list.length}${deletedCount > 0 ? (showDeleted ? ` incl. ${deletedCount} deleted` : ` · ${deletedCount} deleted hidden (D)`) : ''}`;

	let body: React.JSX.Element;
	if (model.error) {
		body = <Notice text={`Cannot read the experiments: ${model.error}`} width={width} tone="error" />;
	} else if (!model.loaded) {
		body = <Notice text="Reading the store…" width={width} />;
	} else if (list.length === 0) {
		body = <Notice text={model.search ? 'No experiment name matches the search (/ to change it).' : deletedCount > 0 ? 'Only deleted experiments here: press D to show them.' : 'No experiments in this store.'} width={width} />;
	} else {
		const rows: TableRow[] = list.map((experiment, at) => {
			const stats = model.stats.get(experiment.experiment_id);
			const deleted = experiment.lifecycle_stage === 'deleted';
			const pending = stats === undefined ? theme.glyphs.ellipsis : '';
			return {
				key: experiment.experiment_id,
				selected: at === index,
				dim: deleted,
				cells: [
					{text: sanitizeLine(experiment.name) + (deleted ? ' (deleted)' : '')},
					{text: stats ? String(stats.active) : pending},
					{text: stats ? (stats.running > 0 ? `${theme.glyphs.status('RUNNING')} ${stats.running}` : '') : pending, color: theme.paint('cyan')},
					{text: ageText(stats?.lastActivity ?? experiment.last_update_time, model.now)},
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
			{searchLine > 0 && <Notice text={`search: ${model.search}`} width={width} />}
			{body}
		</Box>
	);
}
