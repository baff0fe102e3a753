import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createGateway } from '../../../src/api';
import { readGroupsSetting, stripJsonComments } from '../../../src/git/groupSettings';
import { MemoryAgentRuns } from '../../support/graph/memorySources';

describe('group settings from .vscode/settings.json', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'mg-groups-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	function settings(root: string, text: string): void {
		mkdirSync(path.join(root, '.vscode'), { recursive: true });
		writeFileSync(path.join(root, '.vscode', 'settings.json'), text);
	}

	it('strips comments and trailing commas, never inside strings', () => {
		const text = '{\n // a comment "with quotes"\n "a": "x // not a comment", /* block, */ "b": ["/*y*/", "z\\"//",],\n}';
		assert.deepEqual(JSON.parse(stripJsonComments(text)), { a: 'x // not a comment', b: ['/*y*/', 'z"//'] });
	});

	it('reads the groups of every folder, the first folder winning a name', async () => {
		const a = path.join(dir, 'a');
		const b = path.join(dir, 'b');
		settings(a, '{ "metaGothic.repos.groups": { "front": ["apps/*"], }, // VS Code keeps comments\n "editor.tabSize": 2 }');
		settings(b, '{ "metaGothic.repos.groups": { "front": ["web"], "back": ["api"] } }');
		assert.deepEqual(await readGroupsSetting([a, b]), { front: ['apps/*'], back: ['api'] });
	});

	it('treats a missing file or setting as no groups, and names a malformed file', async () => {
		assert.deepEqual(await readGroupsSetting([path.join(dir, 'none')]), {});
		settings(dir, '{ "other": 1 }');
		assert.deepEqual(await readGroupsSetting([dir]), {});
		settings(dir, '{ "metaGothic.repos.groups": ');
		await assert.rejects(readGroupsSetting([dir]), (err: Error) => err.message.startsWith(`${path.join(dir, '.vscode', 'settings.json')} is not valid JSON`));
	});

	it('give the Node API (and the CLI) the workspace groups; a malformed file fails only group queries', async () => {
		settings(dir, '{ "metaGothic.repos.groups": { "all": ["**"] } }');
		const options = { roots: [dir], scan: false, githubToken: null, agentRuns: new MemoryAgentRuns([]) };
		let graph = await createGateway(options);
		try {
			const result = await graph.execute({ query: '{ repositoryGroups { name patterns } }' });
			assert.deepEqual(JSON.parse(JSON.stringify(result.data)), { repositoryGroups: [{ name: 'all', patterns: ['**'] }] });
		} finally {
			graph.dispose();
		}
		settings(dir, '{ "metaGothic.repos.groups": [ }');
		graph = await createGateway(options);
		try {
			assert.deepEqual((await graph.execute({ query: '{ repositories { path } }' })).errors, undefined);
			const result = await graph.execute({ query: '{ repositories(group: "all") { path } }' });
			assert.match(result.errors?.[0]?.message ?? '', /settings\.json is not valid JSON/);
		} finally {
			graph.dispose();
		}
	});
});
