// Lists the entries of a zip archive (a .vsix is one) from its central directory, so tests need
// neither an unzip binary nor a zip library.
import { readFileSync } from 'node:fs';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;

/**
 * Names of all entries in the zip file at `path`, in archive order.
 * @param {string} path
 * @returns {string[]}
 */
export function listZip(path) {
	const zip = readFileSync(path);
	// The end record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
	let end = -1;
	for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
		if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
			end = i;
			break;
		}
	}
	if (end < 0) throw new Error(`${path} is not a zip file`);
	const count = zip.readUInt16LE(end + 10);
	let offset = zip.readUInt32LE(end + 16);
	const names = [];
	for (let i = 0; i < count; i++) {
		if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error(`${path}: corrupt central directory`);
		const nameLength = zip.readUInt16LE(offset + 28);
		const extraLength = zip.readUInt16LE(offset + 30);
		const commentLength = zip.readUInt16LE(offset + 32);
		names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return names;
}
