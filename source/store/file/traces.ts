// GenAI traces (2.13+): only counted by state. 3.1 writes V2 info (`status`), later
// versions V3 (`state`).

import type {Problem, TraceSummary} from '../types.js';
import {kindOf, listDirSync} from './fs-sync.js';
import {readMeta} from './meta-text.js';
import {str} from './yaml.js';

export function readTraceSummary(experimentDir: string, problems: Problem[]): TraceSummary {
	const dir = `${experimentDir}/traces`;
	const summary: TraceSummary = {total: 0, byState: {}};
	const listing = listDirSync(dir);
	if (!listing.ok) {
		if (!listing.missing) problems.push({path: dir, reason: `cannot read folder: ${listing.reason}`, effect: 'traces not counted'});
		return summary;
	}
	for (const entry of listing.entries) {
		if (kindOf(entry, dir) !== 'dir') continue;
		const path = `${dir}/${entry.name}/trace_info.yaml`;
		const read = readMeta(path);
		if (!read.ok) {
			problems.push({path, reason: read.reason.replace('meta.yaml', 'trace_info.yaml'), effect: 'trace not counted'});
			continue;
		}
		const state = str(read.meta, read.text, 'state') ?? str(read.meta, read.text, 'status');
		if (state === undefined) problems.push({path, reason: 'trace_info.yaml has no state or status', effect: 'counted as UNKNOWN'});
		summary.total++;
		summary.byState[state ?? 'UNKNOWN'] = (summary.byState[state ?? 'UNKNOWN'] ?? 0) + 1;
	}
	return summary;
}
