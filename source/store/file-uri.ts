// `file:` URIs as MLflow and its users write them, to local paths.

import {fileURLToPath} from 'node:url';

/**
 * The path of a `file:` URI; other strings are returned as they are. Non-standard forms
 * (`file:C:\...` as qlib writes, `file:relative/path`) fall back to the text after the
 * scheme, percent-decoded where that is valid.
 */
export function pathOfFileUri(uri: string): string {
	if (!uri.startsWith('file:')) return uri;
	try {
		return fileURLToPath(uri);
	} catch {
		const rest = uri.slice('file:'.length);
		try {
			return decodeURIComponent(rest);
		} catch {
			return rest;
		}
	}
}
