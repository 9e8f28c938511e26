// GenAI traces (2.13+): only counted by state. 3.1 writes V2 info (`status`), later
// versions V3 (`state`).

import {join} from 'node:path';
import type {Problem, TraceSummary} from '../types.js';
import {listDir} from './fs-read.js';
import {readMetaFile} from './meta-file.js';
import {str} from './yaml.js';

export async function readTraceSummary(experimentDir: string, problems: Problem[]): Promise<TraceSummary> {
	const dir = join(experimentDir, 'traces');
	const summary: TraceSummary = {total: 0, byState: {}};
	const listing = await listDir(dir);
	if (!listing.ok) return summary;
	await Promise.all(
		listing.value
			.filter((entry) => entry.isDirectory())
			.map(async (entry) => {
				const path = join(dir, entry.name, 'trace_info.yaml');
				const read = await readMetaFile(path, {retry: false});
				if (!read.ok) {
					problems.push({path, reason: read.reason.replace('meta.yaml', 'trace_info.yaml'), effect: 'trace not counted'});
					return;
				}
				const state = str(read.meta, read.text, 'state') ?? str(read.meta, read.text, 'status') ?? 'UNKNOWN';
				summary.total++;
				summary.byState[state] = (summary.byState[state] ?? 0) + 1;
			}),
	);
	return summary;
}
