import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExecutionResult } from 'graphql';
import { createGateway, type MetaGothicGraph } from '../../../src/api';
import { createGitSandbox, type GitSandbox, TestRepo } from '../../support/repoBuilder';
import { type LocalRegistry, startVerdaccio } from '../../support/npmRegistry/verdaccio';
import { failOnUnhandledRejections } from '../../support/unhandledRejections';

const QUERY = `{
	repositories { name packages { name latest registryError { code message } manifestError { code message } needsRelease } }
}`;

type Result = {
	packagesStatus: { available: boolean; code: string | null; reason: string | null; registry: string | null };
	repositories: Array<{ name: string; packages: Array<{ name: string; latest: string | null; registryError: { code: string; message: string } | null; manifestError: { code: string; message: string } | null; needsRelease: boolean }> }>;
};

describe('registry faults are clear states of the graph, not crashes', function () {
	this.timeout(60_000);
	let registry: LocalRegistry;
	let dir: string;
	let sandbox: GitSandbox;
	let graph: MetaGothicGraph | undefined;
	const texts: string[] = [];

	failOnUnhandledRejections();
	before(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-registry-faults-'));
		registry = await startVerdaccio({ parent: dir });
	});
	after(async () => {
		await registry.stop();
		rmSync(dir, { recursive: true, force: true });
	});
	afterEach(() => {
		graph?.dispose();
		graph = undefined;
		sandbox?.dispose();
	});

	/** A folder of sibling repositories, each with the package.json given, and a workspace `.npmrc`. */
	const workspace = async (npmrc: string, packages: Record<string, string>): Promise<Result> => {
		sandbox = createGitSandbox('faults-', dir);
		for (const [name, manifest] of Object.entries(packages)) {
			TestRepo.init(sandbox, path.join(sandbox.dir, 'ws', name)).commit('initial', { 'package.json': manifest });
		}
		writeFileSync(path.join(sandbox.dir, 'ws', '.npmrc'), npmrc);
		const userConfig = path.join(sandbox.dir, 'user-npmrc');
		writeFileSync(userConfig, '');
		graph = await createGateway({ roots: [path.join(sandbox.dir, 'ws')], githubToken: null, gitEnv: sandbox.env, npmEnv: { HOME: sandbox.dir }, npmUserConfig: userConfig, storageDir: path.join(sandbox.dir, 'runs') });
		const result = (await graph.execute({ query: QUERY })) as ExecutionResult<Result>;
		// The status is as of the registry's last answer: read it once the packages were asked about.
		const status = (await graph.execute({ query: '{ packagesStatus { available code reason registry } }' })) as ExecutionResult<Pick<Result, 'packagesStatus'>>;
		texts.push(JSON.stringify(result), JSON.stringify(status));
		assert.equal(result.errors, undefined, JSON.stringify(result.errors));
		return JSON.parse(JSON.stringify({ ...result.data, ...status.data })) as Result;
	};
	const pkg = (data: Result, name: string) => data.repositories.flatMap((r) => r.packages).find((p) => p.name === name);

	it('a registry that is down: REGISTRY_UNREACHABLE on each package and in packagesStatus', async () => {
		const down = await startVerdaccio({ parent: dir });
		await down.stop();
		const data = await workspace(`registry=${down.url}\n`, { one: '{ "name": "acme-one", "version": "1.0.0" }', two: '{ "name": "@acme/two", "version": "1.0.0" }' });
		assert.deepEqual([data.packagesStatus.available, data.packagesStatus.code, data.packagesStatus.registry], [false, 'REGISTRY_UNREACHABLE', down.url]);
		assert.match(data.packagesStatus.reason ?? '', /could not be reached \(ECONNREFUSED\)/);
		for (const name of ['acme-one', '@acme/two']) {
			assert.deepEqual([pkg(data, name)?.latest, pkg(data, name)?.registryError?.code, pkg(data, name)?.needsRelease], [null, 'REGISTRY_UNREACHABLE', false], name);
		}
	});

	it('a package the registry does not have: NOT_FOUND, and it needs a first release', async () => {
		const data = await workspace(`registry=${registry.url}\n`, { fresh: '{ "name": "acme-never-published", "version": "0.1.0" }' });
		assert.deepEqual(data.packagesStatus, { available: true, code: null, reason: null, registry: registry.url });
		assert.deepEqual(pkg(data, 'acme-never-published'), {
			name: 'acme-never-published',
			latest: null,
			registryError: { code: 'NOT_FOUND', message: `acme-never-published is not on ${registry.url}.` },
			manifestError: null,
			needsRelease: true,
		});
	});

	it('a package that needs credentials: UNAUTHORIZED with a bad token and with none, and the token is in no message', async () => {
		const badToken = 'npm_BadTokenThatTheRegistryRefuses0123456789';
		const scoped = `@private:registry=${registry.url}\n${registry.nerfDart}:_authToken=${badToken}\n`;
		const data = await workspace(scoped, { secret: '{ "name": "@private/secret", "version": "1.0.0" }' });
		const secret = pkg(data, '@private/secret');
		assert.equal(secret?.registryError?.code, 'UNAUTHORIZED');
		assert.match(secret?.registryError?.message ?? '', /refused the credentials configured for it \(401 for @private\/secret\)/);
		// One package's credentials do not make the registry unavailable.
		assert.equal(data.packagesStatus.available, true);
		assert.ok(!texts.join('\n').includes(badToken), 'the token never reaches the graph');

		graph?.dispose();
		sandbox.dispose();
		const anonymous = await workspace(`registry=${registry.url}\n`, { secret: '{ "name": "@private/secret", "version": "1.0.0" }' });
		assert.match(pkg(anonymous, '@private/secret')?.registryError?.message ?? '', /wants credentials, and none are configured for it/);
	});

	it('a package.json that is not JSON, and a registry that is not a URL: MANIFEST_INVALID and BAD_USER_INPUT', async () => {
		const data = await workspace('registry=not a url\n', { broken: '{ "name": "acme-broken", ', fine: '{ "name": "acme-fine", "version": "1.0.0" }' });
		const broken = data.repositories.find((r) => r.name === 'broken')?.packages[0];
		assert.equal(broken?.manifestError?.code, 'MANIFEST_INVALID');
		assert.match(broken?.manifestError?.message ?? '', /is not valid JSON/);
		assert.equal(pkg(data, 'acme-fine')?.registryError?.code, 'BAD_USER_INPUT');
		assert.match(pkg(data, 'acme-fine')?.registryError?.message ?? '', /The registry "not a url" in .*\.npmrc is not a URL\./);
	});
});
