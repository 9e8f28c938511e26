// Problems found while reading, grouped by the file or folder whose read found them.
// Re-reading a scope replaces its problems, so a half-written file that later
// completes stops being reported.

import type {Problem} from './types.js';

export class ProblemLog {
	private readonly byScope = new Map<string, Problem[]>();

	set(scope: string, problems: Problem[]): void {
		if (problems.length === 0) this.byScope.delete(scope);
		else this.byScope.set(scope, problems);
	}

	clearUnder(prefix: string): void {
		for (const scope of this.byScope.keys()) {
			if (scope === prefix || scope.startsWith(prefix + '/') || scope.startsWith(prefix + '#')) this.byScope.delete(scope);
		}
	}

	all(): Problem[] {
		const seen = new Set<string>();
		const out: Problem[] = [];
		for (const problems of this.byScope.values()) {
			for (const problem of problems) {
				const id = `${problem.path}\0${problem.reason}`;
				if (seen.has(id)) continue;
				seen.add(id);
				out.push(problem);
			}
		}
		return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	}
}
