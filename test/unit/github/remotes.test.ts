import { strict as assert } from 'node:assert';
import { parseRemoteUrl, parseRemoteVerbose, pickGitHubRemote, repoSlug } from '../../../src/github/remotes';

describe('parseRemoteUrl', () => {
	const cases: Array<[string, string | undefined]> = [
		['https://github.com/microsoft/vscode.git', 'github.com microsoft vscode'],
		['https://github.com/microsoft/vscode', 'github.com microsoft vscode'],
		['https://github.com/microsoft/vscode/', 'github.com microsoft vscode'],
		['https://GitHub.com/Microsoft/VSCode.git', 'github.com Microsoft VSCode'],
		['http://github.com/o/r', 'github.com o r'],
		['https://x-access-token:ghs_abc@github.com/o/r.git', 'github.com o r'],
		['https://user@github.com/o/r.git', 'github.com o r'],
		['https://www.github.com/o/r', 'github.com o r'],
		['git@github.com:microsoft/vscode.git', 'github.com microsoft vscode'],
		['git@github.com:microsoft/vscode', 'github.com microsoft vscode'],
		['github.com:o/r.git', 'github.com o r'],
		['org-123@github.com:o/r.git', 'github.com o r'],
		['ssh://git@github.com/o/r.git', 'github.com o r'],
		['ssh://git@github.com:22/o/r', 'github.com o r'],
		['ssh://git@ssh.github.com:443/o/r.git', 'github.com o r'],
		['git+ssh://git@github.com/o/r.git', 'github.com o r'],
		['git://github.com/o/r.git', 'github.com o r'],
		['https://ghe.example.com/team/service.git', 'ghe.example.com team service'],
		['https://ghe.example.com:8443/team/service', 'ghe.example.com:8443 team service'],
		['https://ghe.example.com:443/team/service', 'ghe.example.com team service'],
		['git@ghe.example.com:team/service.git', 'ghe.example.com team service'],
		['ssh://git@ghe.example.com:2222/team/service.git', 'ghe.example.com team service'],
		['https://github.com/o/my.repo.js.git', 'github.com o my.repo.js'],
		['https://github.com/o/r%2Dx', 'github.com o r-x'],
		['  https://github.com/o/r  ', 'github.com o r'],
		// Not GitHub repositories.
		['', undefined],
		['/home/me/repos/r', undefined],
		['../sibling', undefined],
		['C:/repos/r', undefined],
		['C:\\repos\\r', undefined],
		['file:///home/me/r.git', undefined],
		['https://github.com/o', undefined],
		['https://gitlab.com/group/sub/r.git', undefined],
		['https://dev.azure.com/org/project/_git/r', undefined],
		['https://github.com/o/r/tree/main', undefined],
		['https://github.com/o/..', undefined],
		['ftp://github.com/o/r', undefined],
		['https://github.com/o/r%ZZ', undefined],
	];
	for (const [url, expected] of cases) {
		it(`${JSON.stringify(url)} → ${expected ?? 'none'}`, () => {
			const id = parseRemoteUrl(url);
			assert.equal(id ? `${id.host} ${id.owner} ${id.name}` : undefined, expected);
		});
	}

	it('never keeps credentials', () => {
		const id = parseRemoteUrl('https://me:ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/o/r.git');
		assert.ok(id);
		assert.ok(!JSON.stringify(id).includes('ghp_'));
	});
});

describe('pickGitHubRemote', () => {
	it('prefers origin, then upstream, then other remotes by name', () => {
		const remotes = [
			{ name: 'zeta', fetchUrl: 'git@github.com:z/z.git' },
			{ name: 'upstream', fetchUrl: 'git@github.com:up/r.git' },
			{ name: 'alpha', fetchUrl: 'git@github.com:a/a.git' },
			{ name: 'origin', fetchUrl: 'git@github.com:me/r.git' },
		];
		assert.deepEqual(pickGitHubRemote(remotes), { host: 'github.com', owner: 'me', name: 'r', remote: 'origin' });
		assert.equal(pickGitHubRemote(remotes.filter((r) => r.name !== 'origin'))?.remote, 'upstream');
		assert.equal(pickGitHubRemote(remotes.filter((r) => r.name === 'zeta' || r.name === 'alpha'))?.remote, 'alpha');
	});

	it('skips a remote that is not on GitHub and falls back to its push URL', () => {
		const remotes = [
			{ name: 'origin', fetchUrl: '/srv/mirror/r.git', pushUrl: 'git@github.com:me/r.git' },
			{ name: 'upstream', fetchUrl: 'https://github.com/up/r' },
		];
		assert.equal(pickGitHubRemote(remotes)?.owner, 'me');
	});

	it('limits hosts to github.com and the configured Enterprise hosts when asked', () => {
		const remotes = [
			{ name: 'origin', fetchUrl: 'https://gitea.local/me/r.git' },
			{ name: 'upstream', fetchUrl: 'https://GHE.corp.example/team/r.git' },
		];
		assert.equal(pickGitHubRemote(remotes)?.host, 'gitea.local');
		assert.equal(pickGitHubRemote(remotes, { hosts: ['ghe.corp.example'] })?.host, 'ghe.corp.example');
		assert.equal(pickGitHubRemote(remotes, { hosts: [] }), undefined);
	});

	it('returns undefined without remotes', () => {
		assert.equal(pickGitHubRemote([]), undefined);
	});
});

describe('parseRemoteVerbose', () => {
	it('reads `git remote -v` output', () => {
		const output = 'origin\tgit@github.com:me/r.git (fetch)\norigin\tgit@github.com:me/r.git (push)\r\nupstream\thttps://github.com/up/r (fetch)\nupstream\tno_push (push)\n\n';
		const remotes = parseRemoteVerbose(output);
		assert.deepEqual(remotes, [
			{ name: 'origin', fetchUrl: 'git@github.com:me/r.git', pushUrl: 'git@github.com:me/r.git' },
			{ name: 'upstream', fetchUrl: 'https://github.com/up/r', pushUrl: 'no_push' },
		]);
		assert.equal(repoSlug(pickGitHubRemote(remotes)!), 'me/r');
	});
});
