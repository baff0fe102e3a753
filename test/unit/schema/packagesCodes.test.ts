import { strict as assert } from 'node:assert';
import { PACKAGES_ERROR_CODES, SourceError, type PackagesErrorCode } from '../../../src/schema/contracts/sourceError';
import { Gateway } from '../../../src/schema/gateway';
import { UnavailablePackages } from '../../../src/schema/unavailableSources';
import { manifest, MemoryPackages } from '../../support/graph/memoryPackages';
import { MemoryAgentRuns, MemoryRepos, MemoryWorkflows, repoState } from '../../support/graph/memorySources';

const REPO = '/w/core';
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

for (const execution of ['fused', 'stitched'] as const) {
	describe(`packages codes reach the graph unchanged (${execution} execution)`, () => {
		const gatewayOver = (packages: MemoryPackages | UnavailablePackages) =>
			new Gateway({ repos: new MemoryRepos([repoState(REPO)]), workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([]), packages, execution });

		it('each registry code in Package.registryError, never as a GraphQL error', async () => {
			for (const code of PACKAGES_ERROR_CODES) {
				const packages = new MemoryPackages([manifest(REPO, 'core')], new Map([['core', new SourceError('PACKAGES', code, `registry says: ${code}`)]]));
				const gateway = gatewayOver(packages);
				const result = await gateway.execute({ query: '{ repositories { packages { name latest registryError { code message } repository { path name } } } }' });
				assert.equal(result.errors, undefined, JSON.stringify(result.errors));
				assert.deepEqual(plain(result.data), { repositories: [{ packages: [{ name: 'core', latest: null, registryError: { code, message: `registry says: ${code}` }, repository: { path: REPO, name: 'core' } }] }] });
				gateway.dispose();
			}
		});

		it('each code in packagesStatus, and on the workspace-wide fields while packages are not read', async () => {
			for (const code of PACKAGES_ERROR_CODES) {
				const gateway = gatewayOver(new UnavailablePackages(`not read: ${code}`, code as PackagesErrorCode));
				const result = await gateway.execute({ query: '{ packagesStatus { available code reason } repositories { packages { name } } packages { name } }' });
				assert.deepEqual(plain(result.data), { packagesStatus: { available: false, code, reason: `not read: ${code}` }, repositories: [{ packages: [] }], packages: null });
				assert.deepEqual([result.errors?.[0]?.extensions?.code, result.errors?.[0]?.extensions?.domain], [code, 'PACKAGES']);
				gateway.dispose();
			}
		});

		it('never asks the registry about a private package, or one without a version (npm cannot publish it)', async () => {
			const refused = new SourceError('PACKAGES', 'REGISTRY_UNREACHABLE', 'must not be asked');
			const packages = new MemoryPackages([manifest(REPO, 'app', { private: true }), manifest(REPO, 'scripts', { version: null })], new Map([['app', refused], ['scripts', refused]]));
			const gateway = gatewayOver(packages);
			const result = await gateway.execute({ query: '{ packages { name registry registryError { code } latest published needsRelease } }' });
			assert.deepEqual(plain(result.data), {
				packages: [
					{ name: 'app', registry: null, registryError: null, latest: null, published: null, needsRelease: false },
					{ name: 'scripts', registry: null, registryError: null, latest: null, published: null, needsRelease: false },
				],
			});
			gateway.dispose();
		});

		it('a graph built without packages says so, and the rest of it still works', async () => {
			const gateway = new Gateway({ repos: new MemoryRepos([repoState(REPO)]), workflows: new MemoryWorkflows(new Map(), []), agentRuns: new MemoryAgentRuns([]), execution });
			const result = await gateway.execute({ query: '{ repositories { name packages { name } } packagesStatus { available } }' });
			assert.deepEqual(plain(result.data), { repositories: [{ name: 'core', packages: [] }], packagesStatus: { available: false } });
			gateway.dispose();
		});
	});
}
