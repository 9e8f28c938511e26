// Runs joined with the summaries read for them, as the screens' RunRecords. A record is
// made again only when its run (the store hands back the same object while a run has not
// changed) or its summaries changed, so the table re-formats only the rows that did.

import {useMemo, useRef} from 'react';
import type {SummaryAnswer} from '../../store/contract.js';
import {recordOf, type RunRecord} from '../../store/run-record.js';
import type {MetricSummary, Run} from '../../store/types.js';

function sameSummaries(a: Record<string, MetricSummary> | undefined, b: Record<string, MetricSummary> | undefined): boolean {
	if (a === b) return true;
	if (!a || !b) return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((key) => {
		const x = a[key]!;
		const y = b[key];
		return y !== undefined && x.count === y.count && x.lastTimestamp === y.lastTimestamp && x.latest.value === y.latest.value && x.latest.step === y.latest.step;
	});
}

const NO_RECORDS: RunRecord[] = [];

export function useRecords(runs: readonly Run[] | undefined, summaries: SummaryAnswer | undefined): RunRecord[] {
	const made = useRef(new Map<string, RunRecord>());
	return useMemo(() => {
		if (!runs) return NO_RECORDS;
		const next = new Map<string, RunRecord>();
		const records = runs.map((run) => {
			const id = run.info.run_id;
			const known = made.current.get(id);
			const fresh = summaries?.[id];
			// Summaries for rows out of the window are kept from when they were in it.
			const wanted = fresh ?? (known?.run === run ? known.summaries : undefined);
			const record = known && known.run === run && sameSummaries(known.summaries, wanted) ? known : recordOf(run, wanted);
			next.set(id, record);
			return record;
		});
		made.current = next;
		return records;
	}, [runs, summaries]);
}
