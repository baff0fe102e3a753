import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireWithCodeCache } from '../../../src/cli/codeCache';

describe('cli/codeCache', () => {
	let dir: string;
	let bundle: string;
	let cacheDir: string;
	/** Loads the bundle; returns its exports and whether it asked to write a cache (it had no usable one). */
	const load = () => {
		const saves: Array<() => void> = [];
		const exports = requireWithCodeCache(bundle, cacheDir, (save) => saves.push(save)) as { answer(): number; dir: string };
		saves.forEach((save) => save());
		return { exports, wroteCache: saves.length > 0 };
	};

	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-code-cache-'));
		bundle = path.join(dir, 'chunk.js');
		cacheDir = path.join(dir, 'cache');
		writeFileSync(bundle, "exports.answer = () => 6 * 7; exports.dir = __dirname; exports.path = require('node:path').sep;\n");
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('loads the bundle as require would, and uses the cache it wrote from then on', () => {
		const first = load();
		assert.equal(first.exports.answer(), 42);
		assert.equal(first.exports.dir, dir);
		assert.ok(first.wroteCache);
		assert.equal(readdirSync(cacheDir).length, 1);
		const second = load();
		assert.equal(second.exports.answer(), 42);
		assert.equal(second.wroteCache, false);
	});

	it('ignores a damaged cache and replaces it', () => {
		load();
		const file = path.join(cacheDir, readdirSync(cacheDir)[0]);
		const damaged = readFileSync(file);
		for (let i = damaged.length >> 1; i < (damaged.length >> 1) + 16; i++) {
			damaged[i] ^= 0xff;
		}
		writeFileSync(file, damaged);
		const after = load();
		assert.equal(after.exports.answer(), 42);
		assert.ok(after.wroteCache);
		assert.equal(load().wroteCache, false);
	});

	it('replaces the cache of an older build, and works where nothing can be written', () => {
		load();
		writeFileSync(bundle, 'exports.answer = () => 43;\n');
		assert.equal(load().exports.answer(), 43);
		assert.equal(readdirSync(cacheDir).length, 1);
		cacheDir = path.join(bundle, 'not-a-folder');
		assert.equal(load().exports.answer(), 43);
	});
});
