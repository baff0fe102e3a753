/**
 * Reads of small files inside a repository's `.git` folder that can never hang. `readFile` on a
 * FIFO blocks until someone writes to it: one such `config` or `HEAD` would hold a thread of
 * libuv's small pool (or, synchronously, the extension host) for good. The file is opened
 * non-blocking and read only when it is a regular file; anything else is an error, as a missing
 * file is.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Thrown for a path that exists but is not a regular file (a FIFO, a socket, a device, a folder). */
function notRegular(file: string): NodeJS.ErrnoException {
	return Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTREG', path: file });
}

/** `readFile(file, 'utf8')` for regular files only; rejects for anything else. */
export async function readRegularFile(file: string): Promise<string> {
	const handle = await open(file, FLAGS);
	try {
		if (!(await handle.stat()).isFile()) {
			throw notRegular(file);
		}
		return await handle.readFile('utf8');
	} finally {
		await handle.close();
	}
}

/** {@link readRegularFile} with synchronous calls. */
export function readRegularFileSync(file: string): string {
	const fd = openSync(file, FLAGS);
	try {
		if (!fstatSync(fd).isFile()) {
			throw notRegular(file);
		}
		return readFileSync(fd, 'utf8');
	} finally {
		closeSync(fd);
	}
}
