import { strict as assert } from 'node:assert';
import { EtagCache } from '../../../src/github/etagCache';
import type { GitHubStandIn, RepoHandle } from '../../support/github';
import { TOKEN, type TestClient, clientFor, standIn } from './helpers';

describe('EtagCache', () => {
	const entry = (etag: string) => ({ etag, status: 200, url: 'u', headers: {}, data: { etag } });

	it('evicts the least recently used answer beyond its bound', () => {
		const cache = new EtagCache({ maxEntries: 2 });
		cache.set('a', entry('1'));
		cache.set('b', entry('2'));
		assert.ok(cache.get('a'));
		cache.set('c', entry('3'));
		assert.deepEqual(cache.keys(), ['a', 'c']);
		assert.equal(cache.size, 2);
	});

	describe('as an Octokit hook against the stand-in', () => {
		let gh: GitHubStandIn;
		let client: TestClient;
		let repo: RepoHandle;
		const at = { owner: 'acme', repo: 'cache' };

		beforeEach(async () => {
			gh = await standIn({ token: [TOKEN, 'ghp_secondsecondsecondsecondsecondsecond'] });
			client = await clientFor(gh);
			repo = gh.addRepo({ owner: 'acme', name: 'cache' });
			const ci = gh.addWorkflow(repo, { path: '.github/workflows/ci.yml' });
			for (let i = 0; i < 5; i++) {
				gh.addRun(repo, { workflow: ci, ageMs: 60_000 * (5 - i) });
			}
		});

		afterEach(async () => {
			client.dispose();
			await gh.close();
			gh.assertNoValidationErrors();
		});

		it('keys answers by a hash of the token, never the token', async () => {
			await client.octokit.rest.repos.get(at);
			assert.equal(client.etagCache.size, 1);
			assert.ok(client.etagCache.keys().every((key) => !key.includes(TOKEN) && key.includes('/repos/acme/cache')));
		});

		it('does not share answers or ETags between tokens', async () => {
			const other = await clientFor(gh, { token: 'ghp_secondsecondsecondsecondsecondsecond', etagCache: client.etagCache });
			try {
				const mine = await client.octokit.rest.repos.get(at);
				const theirs = await other.octokit.rest.repos.get(at);
				assert.notEqual(mine.headers.etag, theirs.headers.etag);
				assert.equal(client.etagCache.size, 2);
				assert.deepEqual(gh.requests.map((r) => r.status), [200, 200]);
			} finally {
				other.dispose();
			}
		});

		it('serves paginated lists from the cache intact, page after page', async () => {
			const first = await client.octokit.paginate(client.octokit.rest.actions.listWorkflowRunsForRepo, { ...at, per_page: 2 });
			const again = await client.octokit.paginate(client.octokit.rest.actions.listWorkflowRunsForRepo, { ...at, per_page: 2 });
			assert.deepEqual(again, first);
			assert.equal(first.length, 5);
			assert.deepEqual(gh.requests.map((r) => r.status), [200, 200, 200, 304, 304, 304]);
			assert.equal(gh.requests.reduce((sum, r) => sum + r.charged, 0), 3, 'the 304s were free');
		});

		it('leaves non-GET requests and caller-managed conditionals alone', async () => {
			await client.octokit.rest.repos.get(at);
			const etag = (await client.octokit.rest.repos.get(at)).headers.etag!;
			const stats = { ...client.etagCache.stats };
			const err = await client.octokit.request('GET /repos/{owner}/{repo}', { ...at, headers: { 'if-none-match': etag } }).catch((e: { status: number }) => e);
			assert.equal((err as { status: number }).status, 304, 'the caller sees its own 304');
			assert.deepEqual(client.etagCache.stats, stats);
		});
	});
});
