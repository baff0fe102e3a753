import { strict as assert } from 'node:assert';
import { RepoMapping, hostForApiUrl } from '../../../src/github/repoMapping';

const repo = (path: string, ...urls: Array<[string, string]>) => ({ path, remotes: urls.map(([name, url]) => ({ name, fetchUrl: url, pushUrl: url })) });

describe('RepoMapping', () => {
	it('maps clones by their remotes: a submodule to its own repository, a worktree to its main one', () => {
		const repos = {
			repositories: [
				repo('/w/meta', ['origin', 'git@github.com:Acme/Meta.git']),
				repo('/w/meta/libs/core', ['origin', 'https://github.com/acme/core.git']),
				repo('/w/meta-feature', ['origin', 'https://github.com/acme/meta']),
				repo('/w/gitlab', ['origin', 'https://gitlab.com/acme/x.git']),
				repo('/w/fork', ['mine', 'https://gitlab.com/me/fork.git'], ['upstream', 'https://github.com/acme/fork.git']),
				repo('/w/local'),
			],
		};
		const mapping = new RepoMapping(repos);
		assert.deepEqual(mapping.forPath('/w/meta'), { slug: 'acme/meta', owner: 'Acme', name: 'Meta', host: 'github.com', paths: ['/w/meta', '/w/meta-feature'] });
		assert.equal(mapping.forPath('/w/meta/libs/core')?.slug, 'acme/core');
		assert.equal(mapping.forPath('/w/meta/libs/core/')?.slug, 'acme/core', 'a trailing separator names the same repository');
		assert.equal(mapping.forPath('/w/gitlab'), undefined);
		assert.equal(mapping.forPath('/w/fork')?.slug, 'acme/fork', 'any remote on the host');
		assert.equal(mapping.forPath('/w/local'), undefined);
		assert.deepEqual(mapping.all().map((r) => r.slug), ['acme/meta', 'acme/core', 'acme/fork']);
	});

	it('follows a new repository list and keeps to the client\'s host', () => {
		const repos = { repositories: [repo('/w/a', ['origin', 'https://github.com/acme/a.git'])] };
		const mapping = new RepoMapping(repos, 'ghe.example.com');
		assert.equal(mapping.forPath('/w/a'), undefined, 'a github.com remote is not the Enterprise server\'s');
		repos.repositories = [repo('/w/a', ['origin', 'https://ghe.example.com/acme/a.git'])];
		assert.equal(mapping.forPath('/w/a')?.host, 'ghe.example.com');
	});

	it('derives the host from the API root', () => {
		assert.equal(hostForApiUrl(undefined), 'github.com');
		assert.equal(hostForApiUrl('https://api.github.com'), 'github.com');
		assert.equal(hostForApiUrl('https://GHE.example.com/api/v3'), 'ghe.example.com');
		assert.equal(hostForApiUrl('http://127.0.0.1:4000'), 'github.com', 'a stand-in or proxy plays github.com');
		assert.equal(hostForApiUrl('not a url'), 'github.com');
	});
});
