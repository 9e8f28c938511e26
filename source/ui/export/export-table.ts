// What `e` writes: the table on screen (the filtered, sorted runs, or the comparison with
// the params it shows) as CSV, JSON or Markdown, with full values rather than the
// shortened ones the screen has room for.

export type ExportFormat = 'csv' | 'json' | 'md';

export type ExportValue = string | number | undefined;

export interface ExportTable {
	/** What it is, for the file name and the Markdown heading: "runs of wine-quality". */
	title: string;
	/** Short, for the file name: "runs", "compare". */
	kind: string;
	/** What it is about, for the file name: the experiment's name. */
	subject: string;
	columns: string[];
	rows: ExportValue[][];
}

function text(value: ExportValue): string {
	if (value === undefined) return '';
	if (typeof value === 'number') {
		if (Number.isNaN(value)) return 'NaN';
		if (value === Infinity) return 'Infinity';
		if (value === -Infinity) return '-Infinity';
	}
	return String(value);
}

function csvCell(value: ExportValue): string {
	const cell = text(value);
	// Formula injection: a spreadsheet runs cells starting with these.
	const safe = /^[=+\-@\t\r]/.test(cell) && typeof value !== 'number' ? `'${cell}` : cell;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(table: ExportTable): string {
	return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** One object per row, keyed by column; NaN and infinities spelled as MLflow's REST API does. */
export function toJson(table: ExportTable): string {
	const rows = table.rows.map((row) => Object.fromEntries(table.columns.map((column, index) => {
		const value = row[index];
		return [column, typeof value === 'number' && !Number.isFinite(value) ? text(value) : value ?? null];
	})));
	return JSON.stringify({title: table.title, columns: table.columns, rows}, undefined, 2) + '\n';
}

function mdCell(value: ExportValue): string {
	return text(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function toMarkdown(table: ExportTable): string {
	const numeric = table.columns.map((_, index) => table.rows.length > 0 && table.rows.every((row) => row[index] === undefined || typeof row[index] === 'number'));
	const lines = [
		`# ${mdCell(table.title)}`,
		'',
		`| ${table.columns.map(mdCell).join(' | ')} |`,
		`|${numeric.map((right) => (right ? ' ---: ' : ' --- ')).join('|')}|`,
		...table.rows.map((row) => `| ${table.columns.map((_, index) => mdCell(row[index])).join(' | ')} |`),
	];
	return lines.join('\n') + '\n';
}

export function formatExport(table: ExportTable, format: ExportFormat): string {
	return format === 'csv' ? toCsv(table) : format === 'json' ? toJson(table) : toMarkdown(table);
}
