import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Oracle and end-to-end tests start real MLflow and real terminals.
		testTimeout: 120_000,
		hookTimeout: 20 * 60_000,
		// Two cores: keep heavy files from starving each other.
		maxWorkers: 2,
		// The last line of a run names what was skipped for want of the corpus.
		reporters: ['default', './test/setup/skip-report.ts'],
	},
});
