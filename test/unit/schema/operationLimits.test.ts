import { strict as assert } from 'node:assert';
import { parse } from 'graphql';
import { Gateway } from '../../../src/schema/gateway';
import { checkOperationLimits, DEFAULT_LIMITS } from '../../../src/schema/operationLimits';
import { fragmentBomb } from '../../support/graph/fragmentBomb';
import { MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState } from '../../support/graph/memorySources';

describe('operation limits', () => {
	it('rejects a 1.2 KB doubling-fragment document as too costly (each fragment is measured once)', async () => {
		const query = fragmentBomb(30);
		assert.ok(query.length > 1100 && query.length < 1300, `${query.length} characters`);
		const repos = new MemoryRepos([repoState('/w/a')]);
		for (const execution of ['fused', 'stitched'] as const) {
			const gateway = new Gateway({ repos, workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([]), execution });
			// Unmemoised, this walk visits 2^30 spreads and the test times out.
			const result = await gateway.execute({ query });
			assert.equal(result.data, undefined);
			assert.equal(result.errors?.[0].extensions?.code, 'OPERATION_TOO_COSTLY');
			assert.match(result.errors?.[0].message ?? '', /costs 2147483648;/);
		}
		assert.equal(repos.scans, 0);
	});

	it('still counts every spread of a fragment: memoising changes the work, not the cost', () => {
		// F3 spreads F0 eight times; F0 costs 2 (health + status).
		const document = parse(fragmentBomb(3));
		const withLimit = (maxCost: number) => checkOperationLimits(document, { ...DEFAULT_LIMITS, maxCost }).map((e) => e.extensions.code);
		assert.deepEqual(withLimit(16), []);
		assert.deepEqual(withLimit(15), ['OPERATION_TOO_COSTLY']);
	});

	it('measures the depth of a fragment reached through different paths', () => {
		const document = parse('{ repositories { ...P } a: repositories { parent { ...P } } } fragment P on Repository { parent { parent { path } } }');
		const errors = (maxDepth: number) => checkOperationLimits(document, { ...DEFAULT_LIMITS, maxDepth }).map((e) => e.extensions.code);
		assert.deepEqual(errors(5), []);
		assert.deepEqual(errors(4), ['OPERATION_TOO_DEEP']);
	});
});
