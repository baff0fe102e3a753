import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Gateway } from '../../../src/schema/gateway';
import { UnavailableAgentRuns, UnavailableWorkflows } from '../../../src/schema/unavailableSources';
import { MemoryRepos } from '../../support/graph/memorySources';

const root = path.resolve(__dirname, '../../..');

describe('schema.graphql', () => {
	it('matches the stitched schema (run `npm run schema` after changing the graph)', () => {
		const gateway = new Gateway({ repos: new MemoryRepos([]), workflows: new UnavailableWorkflows('-'), agentRuns: new UnavailableAgentRuns('-') });
		assert.equal(gateway.sdl, readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
		gateway.dispose();
	});

	it('keeps the operation types generated from it up to date', function () {
		this.timeout(60_000);
		const dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-tada-'));
		try {
			const out = path.join(dir, 'graphql-env.d.ts');
			execFileSync(process.execPath, [path.join(root, 'node_modules/gql.tada/bin/cli.js'), 'generate', 'output', '--tsconfig', 'src/webview/tsconfig.json', '--output', out], { cwd: root, stdio: 'pipe' });
			assert.equal(readFileSync(out, 'utf8'), readFileSync(path.join(root, 'src/graphql-env.d.ts'), 'utf8'));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
