import {createHash} from 'node:crypto';
import {lstatSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';

/** A hash of every file's and folder's name, content, mode and mtime under `root`. */
export function hashTree(root: string): string {
	const hash = createHash('sha256');
	const visit = (path: string, rel: string) => {
		const info = lstatSync(path);
		hash.update(`${rel}\0${info.mode}\0${info.mtimeMs}\0${info.size}\0`);
		if (info.isDirectory()) {
			for (const name of readdirSync(path).sort()) visit(join(path, name), `${rel}/${name}`);
		} else if (info.isFile()) {
			hash.update(readFileSync(path));
		}
	};
	visit(root, '');
	return hash.digest('hex');
}
