import { strict as assert } from 'node:assert';
import { parseGitConfig, remotesFromConfig, submodulesFromConfig } from '../../../src/git/gitConfig';
import { classifyGitOutput } from '../../../src/git/errors';

describe('git/gitConfig', () => {
	it('reads sections, quoted subsections, comments and bare keys', () => {
		const entries = parseGitConfig(
			[
				'# comment',
				'[core]',
				'\tbare = false ; trailing comment',
				'\tfilemode',
				'[remote "origin"]',
				'\turl = git@example.com:org/repo.git',
				'\tfetch = +refs/heads/*:refs/remotes/origin/*',
				'[Remote "My \\"Fork\\""]',
				'\tURL = "https://example.com/a b.git"  # comment',
			].join('\n'),
		);
		assert.deepEqual(entries, [
			{ section: 'core', subsection: null, key: 'bare', value: 'false' },
			{ section: 'core', subsection: null, key: 'filemode', value: null },
			{ section: 'remote', subsection: 'origin', key: 'url', value: 'git@example.com:org/repo.git' },
			{ section: 'remote', subsection: 'origin', key: 'fetch', value: '+refs/heads/*:refs/remotes/origin/*' },
			{ section: 'remote', subsection: 'My "Fork"', key: 'url', value: 'https://example.com/a b.git' },
		]);
	});

	it('handles escapes, inner spaces and continuation lines', () => {
		const [a, b] = parseGitConfig('[x]\n\ta = one  two\\tthree\n\tb = first \\\n  second\n');
		assert.equal(a.value, 'one  two\tthree');
		assert.equal(b.value, 'first   second');
	});

	it('skips malformed lines instead of throwing', () => {
		assert.deepEqual(parseGitConfig('[unterminated\nkey = value\n=oops\n[ok]\nk=v'), [{ section: 'ok', subsection: null, key: 'k', value: 'v' }]);
	});

	it('extracts submodules from .gitmodules, in order, skipping entries without a path', () => {
		const subs = submodulesFromConfig(
			parseGitConfig('[submodule "libs/core"]\n\tpath = libs/core\n\turl = ../core.git\n[submodule "named"]\n\turl = x\n\tpath = "with space/"\n[submodule "broken"]\n\turl = y\n'),
		);
		assert.deepEqual(subs, [
			{ name: 'libs/core', path: 'libs/core', url: '../core.git' },
			{ name: 'named', path: 'with space', url: 'x' },
		]);
	});

	it('extracts remotes: first url, pushurl falling back to it', () => {
		const remotes = remotesFromConfig(parseGitConfig('[remote "origin"]\n\turl = a\n\turl = b\n[remote "up"]\n\turl = c\n\tpushurl = d\n'));
		assert.deepEqual(remotes, [
			{ name: 'origin', fetchUrl: 'a', pushUrl: 'a' },
			{ name: 'up', fetchUrl: 'c', pushUrl: 'd' },
		]);
	});

	it('extracts remotes without the credentials of their URLs, the fallback push URL included', () => {
		const remotes = remotesFromConfig(parseGitConfig('[remote "origin"]\n\turl = https://x:ghp_abc@github.com/o/r.git\n[remote "up"]\n\turl = git@github.com:o/r.git\n\tpushurl = https://tok@github.com/o/r.git\n'));
		assert.deepEqual(remotes, [
			{ name: 'origin', fetchUrl: 'https://[REDACTED]@github.com/o/r.git', pushUrl: 'https://[REDACTED]@github.com/o/r.git' },
			{ name: 'up', fetchUrl: 'git@github.com:o/r.git', pushUrl: 'https://[REDACTED]@github.com/o/r.git' },
		]);
	});
});

describe('git/errors classifyGitOutput', () => {
	const cases: [string, string][] = [
		["fatal: Unable to create '/r/.git/index.lock': File exists.", 'IndexLocked'],
		['fatal: not a git repository (or any of the parent directories): .git', 'NotARepository'],
		[' ! [rejected]        main -> main (fetch first)', 'PushRejected'],
		['fatal: Not possible to fast-forward, aborting.', 'NotFastForward'],
		['There is no tracking information for the current branch.', 'NoUpstream'],
		['error: Your local changes to the following files would be overwritten by merge:', 'LocalChangesOverwritten'],
		['error: Committing is not possible because you have unmerged files.', 'Conflict'],
		["fatal: unable to access 'https://x/': Could not resolve host: x", 'RemoteUnreachable'],
		['something else entirely', 'Unknown'],
	];
	for (const [stderr, code] of cases) {
		it(`classifies "${stderr.slice(0, 40)}…" as ${code}`, () => {
			assert.equal(classifyGitOutput(stderr), code);
		});
	}

	it('reads "nothing to commit" from stdout', () => {
		assert.equal(classifyGitOutput('', 'On branch main\nnothing to commit, working tree clean\n'), 'NothingToCommit');
	});
});
