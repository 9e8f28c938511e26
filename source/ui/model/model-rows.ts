// The model registry as table rows: each registered model, then its versions, newest first.

import type {ModelVersion, RegisteredModel} from '../../store/types.js';

export interface ModelRow {
	model: RegisteredModel;
	version?: ModelVersion;
	/** Aliases pointing at this version (from the model's alias list). */
	aliases: string[];
}

export function modelRows(models: readonly RegisteredModel[]): ModelRow[] {
	const rows: ModelRow[] = [];
	for (const model of [...models].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
		rows.push({model, aliases: []});
		const versions = [...model.versions].sort((a, b) => Number(b.version) - Number(a.version));
		for (const version of versions) {
			const aliases = new Set([...version.aliases, ...model.aliases.filter((alias) => alias.version === version.version).map((alias) => alias.alias)]);
			rows.push({model, version, aliases: [...aliases].sort()});
		}
	}
	return rows;
}
