// The published package holds only what the installed extension needs. Run after
// `npm run package`: mocha test/package/vsixContents.test.mjs (npm run test:vsix).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, it } from 'mocha';
import { join } from 'node:path';
import { repoRoot } from '../support/codeServer.mjs';
import { listZip } from '../support/zip.mjs';

const vsix = join(repoRoot, 'meta-gothic.vsix');

/** Files vsce always writes, and the extension's own files it may ship. */
const ALLOWED = [
	/^extension\.vsixmanifest$/,
	/^\[Content_Types\]\.xml$/,
	/^extension\/package\.json$/,
	/^extension\/readme\.md$/,
	/^extension\/changelog\.md$/,
	/^extension\/LICENSE\.txt$/,
	/^extension\/dist\/.+$/,
	/^extension\/media\/.+$/,
];

const REQUIRED = [
	'extension.vsixmanifest',
	'[Content_Types].xml',
	'extension/package.json',
	'extension/readme.md',
	'extension/changelog.md',
	'extension/LICENSE.txt',
	'extension/dist/extension.js',
];

describe('meta-gothic.vsix', () => {
	let entries = [];

	before(() => {
		assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
		entries = listZip(vsix).filter((name) => !name.endsWith('/'));
	});

	it('holds the manifest, readme, changelog, licence and the extension bundle', () => {
		const missing = REQUIRED.filter((name) => !entries.includes(name));
		assert.deepEqual(missing, []);
	});

	it('holds nothing outside package.json, the docs, dist/ and media/', () => {
		const unexpected = entries.filter((name) => !ALLOWED.some((pattern) => pattern.test(name)));
		assert.deepEqual(unexpected, []);
	});

	it('ships no source maps, sources or node_modules', () => {
		const leaked = entries.filter((name) => /\.map$|(^|\/)(src|node_modules)\//.test(name) || /\.tsx?$/.test(name));
		assert.deepEqual(leaked, []);
	});

	it('bundles the dashboard webview next to the extension', () => {
		assert.ok(entries.includes('extension/dist/webview.js'), 'extension/dist/webview.js');
	});

	it('bundles the permission prompt server the Claude CLI of each run starts', () => {
		assert.ok(entries.includes('extension/dist/permissionPrompt.js'), 'extension/dist/permissionPrompt.js');
	});
});
