/**
 * Byte-faithful paths as JavaScript strings.
 *
 * Git paths are raw bytes. Valid UTF-8 decodes as usual; each byte that is not part of a valid
 * UTF-8 sequence becomes a lone low surrogate U+DC80–U+DCFF (Python's "surrogateescape",
 * PEP 383). Valid UTF-8 can never produce a lone surrogate, so the mapping is reversible: the UI
 * shows `�` for such a byte, and {@link encodePath} restores the exact bytes before the path is
 * handed back to git. Node encodes argv strings as UTF-8 (a lone surrogate would be sent as
 * `EF BF BD`), so paths that {@link hasEscapedBytes} must be sent on stdin, never in argv.
 */
import { isUtf8 } from 'node:buffer';

const ESCAPE_BASE = 0xdc00;
const ESCAPED_BYTE = /[\udc80-\udcff]/;

/** Decodes git path bytes to a string, escaping bytes that are not valid UTF-8 (see module doc). */
export function decodePath(bytes: Uint8Array): string {
	if (isUtf8(bytes)) {
		return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
	}
	let out = '';
	let i = 0;
	while (i < bytes.length) {
		const length = validSequenceLength(bytes, i);
		if (length === 0) {
			out += String.fromCharCode(ESCAPE_BASE + bytes[i]);
			i += 1;
		} else {
			out += Buffer.from(bytes.buffer, bytes.byteOffset + i, length).toString('utf8');
			i += length;
		}
	}
	return out;
}

/** Encodes a string from {@link decodePath} back to the original bytes. */
export function encodePath(path: string): Buffer {
	if (!ESCAPED_BYTE.test(path)) {
		return Buffer.from(path, 'utf8');
	}
	const parts: Buffer[] = [];
	let run = '';
	for (let i = 0; i < path.length; i++) {
		const unit = path.charCodeAt(i);
		const isLowSurrogate = unit >= 0xdc00 && unit <= 0xdfff;
		const pairedWithPrevious = i > 0 && isHighSurrogate(path.charCodeAt(i - 1));
		if (isLowSurrogate && unit >= 0xdc80 && unit <= 0xdcff && !pairedWithPrevious) {
			parts.push(Buffer.from(run, 'utf8'), Buffer.of(unit - ESCAPE_BASE));
			run = '';
		} else {
			run += path[i];
		}
	}
	parts.push(Buffer.from(run, 'utf8'));
	return Buffer.concat(parts);
}

/** True when the path holds escaped non-UTF-8 bytes, so it cannot travel in argv. */
export function hasEscapedBytes(path: string): boolean {
	if (!ESCAPED_BYTE.test(path)) {
		return false;
	}
	for (let i = 0; i < path.length; i++) {
		const unit = path.charCodeAt(i);
		if (unit >= 0xdc80 && unit <= 0xdcff && !(i > 0 && isHighSurrogate(path.charCodeAt(i - 1)))) {
			return true;
		}
	}
	return false;
}

function isHighSurrogate(unit: number): boolean {
	return unit >= 0xd800 && unit <= 0xdbff;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function validSequenceLength(b: Uint8Array, i: number): number {
	const first = b[i];
	if (first < 0x80) {
		return 1;
	}
	const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
	if (first >= 0xc2 && first <= 0xdf) {
		return cont(1) ? 2 : 0;
	}
	if (first >= 0xe0 && first <= 0xef) {
		// Exclude overlong forms (E0 80–9F) and UTF-16 surrogates (ED A0–BF).
		const lo = first === 0xe0 ? 0xa0 : 0x80;
		const hi = first === 0xed ? 0x9f : 0xbf;
		return cont(1, lo, hi) && cont(2) ? 3 : 0;
	}
	if (first >= 0xf0 && first <= 0xf4) {
		// Exclude overlong forms (F0 80–8F) and code points above U+10FFFF (F4 90+).
		const lo = first === 0xf0 ? 0x90 : 0x80;
		const hi = first === 0xf4 ? 0x8f : 0xbf;
		return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
	}
	return 0;
}
