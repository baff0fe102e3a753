// The published package holds only what the installed extension needs. Run after
// `npm run package`: mocha test/package/vsixContents.test.mjs (npm run test:vsix).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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

	it('carries what a Marketplace or Open VSX listing shows: icon, banner, categories, keywords, and the README\'s images', () => {
		const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
		assert.ok(entries.includes(`extension/${manifest.icon}`), `the icon ${manifest.icon} is in the package`);
		assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
		assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme), 'the banner names its theme');
		assert.ok(manifest.categories?.length > 0 && manifest.keywords?.length > 0, 'categories and keywords');
		// The listing renders the packaged README; a relative image must be inside the package.
		const images = [...readFileSync(join(repoRoot, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
		assert.ok(images.length > 0, 'the README shows the product');
		const missing = images.filter((src) => !/^https:/.test(src) && !entries.includes(`extension/${src.replace(/^\.\//, '')}`));
		assert.deepEqual(missing, [], 'README images missing from the package');
	});

	it('bundles the dashboard webview next to the extension', () => {
		assert.ok(entries.includes('extension/dist/webview.js'), 'extension/dist/webview.js');
	});

	it('bundles the permission prompt server the Claude CLI of each run starts', () => {
		assert.ok(entries.includes('extension/dist/permissionPrompt.js'), 'extension/dist/permissionPrompt.js');
	});

	it('bundles the worker that stamps repositories for re-scans', () => {
		assert.ok(entries.includes('extension/dist/stampWorker.js'), 'extension/dist/stampWorker.js');
	});
});
