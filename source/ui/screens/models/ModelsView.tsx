// The model registry: each model, then its versions with stage, aliases and source run.

import {Box} from 'ink';
import React from 'react';
import {formatTime} from '../../../text/format.js';
import {sanitizeLine} from '../../../text/sanitize.js';
import {displayWidth} from '../../../text/width.js';
import {Notice} from '../../components/Notice.js';
import {PaneTitle} from '../../components/PaneTitle.js';
import {Table, type TableRow} from '../../components/Table.js';
import {useScroll} from '../../hooks/use-scroll.js';
import {fitColumns, type ColumnSpec} from '../../model/fit-columns.js';
import {useTheme} from '../../theme.js';
import type {ViewProps} from '../screen.js';
import type {ModelsModel} from './use-models-model.js';

export function ModelsView({model, width, height, focused}: ViewProps<ModelsModel>): React.JSX.Element {
	const theme = useTheme();
	const {rows, index} = model;
	const searchLine = model.search ? 1 : 0;
	const bodyHeight = Math.max(1, height - 2 - searchLine);
	const scroll = useScroll(index, bodyHeight, rows.length);
	const models = rows.filter((row) => !row.version).length;

	let body: React.JSX.Element;
	if (rows.length === 0) {
		body = <Notice text={model.loading ? 'Reading the registry…' : model.total > 0 ? 'No model name matches the search (/ to change it).' : 'No registered models in this store.'} width={width} />;
	} else {
		const texts = rows.map((row) => {
			const version = row.version;
			if (!version) {
				const count = row.model.versions.length;
				return {
					name: sanitizeLine(row.model.name),
					stage: `${count} version${count === 1 ? '' : 's'}`,
					aliases: row.model.aliases.map((alias) => `@${alias.alias}→v${alias.version}`).join(' '),
					status: '',
					run: '',
					created: formatTime(row.model.creation_timestamp),
					description: sanitizeLine(row.model.description ?? ''),
				};
			}
			return {
				name: `  v${version.version}`,
				stage: version.current_stage && version.current_stage !== 'None' ? version.current_stage : '',
				aliases: row.aliases.map((alias) => '@' + alias).join(' '),
				status: version.status,
				run: version.run_id ? version.run_id.slice(0, 8) : (version.source ?? ''),
				created: formatTime(version.creation_timestamp),
				description: sanitizeLine(version.description ?? ''),
			};
		});
		const ideal = (field: keyof (typeof texts)[number], header: string, cap: number) => Math.min(cap, Math.max(displayWidth(header), ...texts.map((text) => displayWidth(text[field]))));
		const specs: ColumnSpec[] = [
			{id: 'name', header: 'MODEL / VERSION', ideal: ideal('name', 'MODEL / VERSION', 40), min: 10, frozen: true, flex: true},
			{id: 'stage', header: 'STAGE', ideal: ideal('stage', 'STAGE', 12), min: 6},
			{id: 'aliases', header: 'ALIASES', ideal: ideal('aliases', 'ALIASES', 30), min: 7},
			{id: 'run', header: 'RUN', ideal: ideal('run', 'RUN', 14), min: 8},
			{id: 'status', header: 'STATUS', ideal: ideal('status', 'STATUS', 20), min: 6},
			{id: 'created', header: 'CREATED', ideal: 16, min: 10},
			{id: 'description', header: 'DESCRIPTION', ideal: ideal('description', 'DESCRIPTION', 50), min: 11},
		];
		const fit = fitColumns(specs, width - 1, 0);
		const tableRows: TableRow[] = rows.map((row, at) => ({
			key: `${row.model.name}@${row.version?.version ?? ''}`,
			selected: at === index,
			cells: fit.columns.map((column) => {
				const text = texts[at]![column.id as keyof (typeof texts)[number]];
				if (column.id === 'name' && !row.version) return {text, bold: true, color: theme.paint('cyan')};
				if (column.id === 'aliases') return {text, color: theme.paint('magenta')};
				if (column.id === 'stage' && row.version) return {text, color: text === 'Production' ? theme.paint('green') : text === 'Staging' ? theme.paint('yellow') : undefined};
				return {text};
			}),
		}));
		body = (
			<Box>
				<Table columns={fit.columns} rows={tableRows} height={bodyHeight} scroll={scroll} focused={focused} />
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<PaneTitle title="Model registry" info={`${model.search ? `${models} of ${model.total} models` : `${models} model${models === 1 ? '' : 's'}`} · Enter on a version opens its run`} width={width} focused={focused} />
			{searchLine > 0 && <Notice text={`search: ${model.search}`} width={width} />}
			{body}
		</Box>
	);
}
