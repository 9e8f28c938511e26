// The schema revision of a SQLite store against the one the installed MLflow expects.
// MLflow opens only a database at its own latest revision: an older one it upgrades in
// place when tables are missing (one-way) and refuses otherwise, a newer one it cannot
// open at all. mlwatch reads any revision. The installed MLflow's expectation is read
// from its own migration scripts, so no Python has to run.

import {readdirSync, readFileSync, realpathSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {sanitizeLine} from '../../text/sanitize.js';
import {shellQuote} from '../shell-quote.js';
import type {HealthCheck} from '../types.js';

/** The latest revision of releases looked at, to name what wrote a database. */
const KNOWN_HEADS: Record<string, string> = {
	'97727af70f4d': 'MLflow 1.30.1',
	acf3f17fdcc7: 'MLflow 2.9.2',
	bda7b8c39065: 'MLflow 3.1.x',
	'2c33131f4dae': 'MLflow 3.8',
	dc11669786a5: 'MLflow 3.17.2',
};

interface Migrations {
	head: string;
	/** Every revision before the head. */
	older: Set<string>;
	/** Revisions between `revision` (excluded) and the head (included). */
	pendingAfter(revision: string): string[];
	/** Tables a revision creates. */
	creates: Map<string, string[]>;
}

/** The alembic chain shipped with the MLflow whose `mlflow` executable is `executable`. */
export function readMigrations(executable: string): Migrations | undefined {
	let prefix: string;
	try {
		prefix = dirname(dirname(realpathSync(executable)));
	} catch {
		return undefined;
	}
	let libs: string[];
	try {
		libs = readdirSync(join(prefix, 'lib')).filter((name) => name.startsWith('python'));
	} catch {
		return undefined;
	}
	for (const lib of libs) {
		const dir = join(prefix, 'lib', lib, 'site-packages', 'mlflow', 'store', 'db_migrations', 'versions');
		let files: string[];
		try {
			files = readdirSync(dir).filter((name) => name.endsWith('.py'));
		} catch {
			continue;
		}
		const parents = new Map<string, string[]>();
		const creates = new Map<string, string[]>();
		for (const file of files) {
			let text: string;
			try {
				text = readFileSync(join(dir, file), 'utf8');
			} catch {
				continue;
			}
			const revision = /^revision\s*=\s*['"]([^'"]+)['"]/m.exec(text)?.[1];
			if (!revision) continue;
			const down = /^down_revision\s*=\s*(.*)$/m.exec(text)?.[1] ?? '';
			parents.set(revision, [...down.matchAll(/['"]([^'"]+)['"]/g)].map((match) => match[1]!));
			creates.set(revision, [...text.matchAll(/create_table\(\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!));
		}
		const referenced = new Set([...parents.values()].flat());
		const heads = [...parents.keys()].filter((revision) => !referenced.has(revision));
		if (heads.length !== 1) continue;
		const ancestors = (from: string) => {
			const out = new Set<string>();
			const stack = [...(parents.get(from) ?? [])];
			while (stack.length > 0) {
				const revision = stack.pop()!;
				if (out.has(revision)) continue;
				out.add(revision);
				stack.push(...(parents.get(revision) ?? []));
			}
			return out;
		};
		const head = heads[0]!;
		const older = ancestors(head);
		const pendingAfter = (revision: string) => {
			const done = ancestors(revision);
			return [head, ...older].filter((each) => each !== revision && !done.has(each));
		};
		return {head, older, pendingAfter, creates};
	}
	return undefined;
}

function named(revision: string): string {
	const release = KNOWN_HEADS[revision];
	return release ? `${revision} (the latest of ${release})` : revision;
}

export const sqliteSchema: HealthCheck = {
	id: 'sqlite-schema',
	title: 'Database schema',
	kinds: ['sqlite'],
	async run(context) {
		const store = context.store;
		if (!store) return {status: 'ok', message: 'no database to read', fix: ''};
		const revision = (await store.about()).schemaRevision;
		const uri = sanitizeLine(context.description?.uri ?? 'sqlite:///mlflow.db');
		const database = sanitizeLine(context.description?.localPath ?? 'mlflow.db');
		const path = shellQuote(database);
		if (revision === undefined) {
			return {status: 'warn', message: 'the database records no schema revision (no alembic_version): MLflow will try to create its tables in it; mlwatch reads what is there', fix: `open it once with the MLflow that wrote it, or check that ${uri} is the store your runs log to`};
		}
		const mlflow = await context.mlflow();
		const migrations = mlflow.installed && mlflow.path ? readMigrations(mlflow.path) : undefined;
		if (!mlflow.installed || !migrations) {
			return {status: 'ok', message: `schema revision ${named(revision)}; ${mlflow.installed ? `cannot read the migrations of MLflow ${mlflow.version}` : 'no MLflow here'} to compare it with`, fix: ''};
		}
		const version = mlflow.version ?? '?';
		if (revision === migrations.head) return {status: 'ok', message: `schema revision ${named(revision)}, what MLflow ${version} expects`, fix: ''};
		if (migrations.older.has(revision)) {
			// MLflow upgrades a database in place when it misses tables MLflow knows, and
			// refuses one that only lacks later columns ('out-of-date database schema').
			const newTables = migrations.pendingAfter(revision).flatMap((each) => migrations.creates.get(each) ?? []);
			if (newTables.length > 0) {
				return {
					status: 'warn',
					message: `schema revision ${named(revision)} is older than MLflow ${version}'s ${migrations.head}: MLflow ${version} upgrades the database in place the first time it opens it, and the MLflow that wrote it cannot open it afterwards; mlwatch reads it as it is`,
					fix: `back it up before MLflow ${version} opens it (cp ${path} ${shellQuote(`${database}.bak`)}), or keep using the MLflow that wrote it`,
				};
			}
			return {
				status: 'warn',
				message: `schema revision ${named(revision)} is older than MLflow ${version}'s ${migrations.head}: MLflow ${version} refuses the database until it is upgraded; mlwatch reads it as it is`,
				fix: `back it up, then mlflow db upgrade ${shellQuote(uri)} (one-way: older MLflow cannot open it afterwards)`,
			};
		}
		return {
			status: 'warn',
			message: `schema revision ${named(revision)} is not one MLflow ${version} knows: a newer MLflow wrote it, and MLflow ${version} cannot open it ("Can't locate revision"); mlwatch reads it as it is`,
			fix: `use the MLflow that wrote it, or upgrade this one ('pip install -U mlflow')`,
		};
	},
};
