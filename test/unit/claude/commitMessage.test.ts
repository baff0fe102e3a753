import { strict as assert } from 'node:assert';
import {
	buildCommitMessagePrompt, cleanCommitMessage, EmptyCommitMessageError, EmptyDiffError, isLockFile, splitDiff,
} from '../../../src/claude/commitMessage';

/** Builds one file's section of a `git diff`. */
function fileDiff(path: string, opts: { added?: string[]; removed?: string[]; change?: 'added' | 'deleted' | 'modified'; binary?: boolean } = {}): string {
	const head = [`diff --git a/${path} b/${path}`];
	if (opts.change === 'added') {
		head.push('new file mode 100644');
	} else if (opts.change === 'deleted') {
		head.push('deleted file mode 100644');
	}
	head.push('index 1111111..2222222 100644');
	if (opts.binary) {
		return [...head, `Binary files a/${path} and b/${path} differ`].join('\n');
	}
	const added = opts.added ?? ['new line'];
	const removed = opts.removed ?? [];
	head.push(opts.change === 'added' ? '--- /dev/null' : `--- a/${path}`, opts.change === 'deleted' ? '+++ /dev/null' : `+++ b/${path}`);
	return [...head, `@@ -1,${removed.length} +1,${added.length} @@`, ...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)].join('\n');
}

describe('claude/commitMessage', () => {
	describe('splitDiff', () => {
		it('splits per file with counts, kinds and change types', () => {
			const diff = [
				fileDiff('src/a.ts', { added: ['x', 'y'], removed: ['--- not a header, a removed line'] }),
				fileDiff('package-lock.json', { added: ['"a": 1'] }),
				fileDiff('media/icon.png', { binary: true, change: 'added' }),
				fileDiff('old.txt', { change: 'deleted', added: [], removed: ['bye'] }),
			].join('\n');
			assert.deepEqual(splitDiff(diff).map(({ text: _t, ...s }) => s), [
				{ path: 'src/a.ts', kind: 'text', change: 'modified', additions: 2, deletions: 1 },
				{ path: 'package-lock.json', kind: 'lock', change: 'modified', additions: 1, deletions: 0 },
				{ path: 'media/icon.png', kind: 'binary', change: 'added', additions: 0, deletions: 0 },
				{ path: 'old.txt', kind: 'text', change: 'deleted', additions: 0, deletions: 1 },
			]);
		});

		it('reads renames and CRLF diffs', () => {
			const diff = 'diff --git a/x.ts b/y.ts\r\nsimilarity index 90%\r\nrename from x.ts\r\nrename to y.ts\r\n';
			const [s] = splitDiff(diff);
			assert.equal(s.path, 'y.ts');
			assert.equal(s.change, 'renamed');
		});

		it('treats a diff without git headers as one section and an empty diff as none', () => {
			assert.equal(splitDiff('--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n')[0].path, '(diff)');
			assert.deepEqual(splitDiff('  \n'), []);
		});

		it('knows lock files by name in any folder', () => {
			assert.ok(isLockFile('packages/web/yarn.lock'));
			assert.ok(isLockFile('Cargo.lock'));
			assert.ok(!isLockFile('src/lock.ts'));
		});
	});

	describe('buildCommitMessagePrompt', () => {
		it('includes the diff, file list and recent subjects for style', () => {
			const { prompt, truncated, files } = buildCommitMessagePrompt({
				diff: fileDiff('src/a.ts', { added: ['export const a = 1;'] }),
				recentSubjects: ['feat(git): add fetch all', '  ', 'fix: handle detached HEAD'],
				repositoryName: 'core',
			});
			assert.match(prompt, /repository "core"/);
			assert.match(prompt, /- feat\(git\): add fetch all\n- fix: handle detached HEAD\n/);
			assert.match(prompt, /<diff>\ndiff --git a\/src\/a.ts[\s\S]*\+export const a = 1;\n<\/diff>/);
			assert.match(prompt, /- src\/a.ts: file modified \(\+1 −0\)/);
			assert.equal(truncated, false);
			assert.equal(files.length, 1);
		});

		it('summarises binary and lock files as one line each, without their content', () => {
			const { prompt } = buildCommitMessagePrompt({
				diff: [fileDiff('src/a.ts'), fileDiff('package-lock.json', { added: Array.from({ length: 500 }, (_, i) => `"dep${i}": "1.0.${i}"`) }), fileDiff('logo.png', { binary: true })].join('\n'),
			});
			assert.match(prompt, /- package-lock.json: lock file modified \(\+500 −0\) \(not shown\)/);
			assert.match(prompt, /- logo.png: binary file modified \(not shown\)/);
			assert.doesNotMatch(prompt, /dep42/);
			assert.doesNotMatch(prompt, /Binary files/);
		});

		it('caps the diff size, keeping small files whole and cutting the big one', () => {
			const big = fileDiff('src/big.ts', { added: Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`) });
			const small = fileDiff('src/small.ts', { added: ['tiny change'] });
			const { prompt, truncated } = buildCommitMessagePrompt({ diff: `${big}\n${small}`, maxDiffChars: 5000 });
			assert.equal(truncated, true);
			assert.ok(prompt.length < 7000, `prompt is ${prompt.length} chars`);
			assert.match(prompt, /\+tiny change/);
			assert.match(prompt, /… \[\d+ more lines of this file omitted\]/);
		});

		it('lists files left out entirely when the budget is exhausted', () => {
			const files = Array.from({ length: 30 }, (_, i) => fileDiff(`src/f${i}.ts`, { added: Array.from({ length: 40 }, () => 'y'.repeat(60)) }));
			const { prompt, truncated } = buildCommitMessagePrompt({ diff: files.join('\n'), maxDiffChars: 2000 });
			assert.equal(truncated, true);
			assert.match(prompt, /src\/f29.ts: file modified \(\+40 −0\) \(diff omitted for size\)/);
		});

		it('caps recent subjects', () => {
			const { prompt } = buildCommitMessagePrompt({ diff: fileDiff('a'), recentSubjects: Array.from({ length: 50 }, (_, i) => `subject ${i}`), maxSubjects: 3 });
			assert.match(prompt, /subject 2\n/);
			assert.doesNotMatch(prompt, /subject 3/);
		});

		it('refuses an empty diff explicitly', () => {
			assert.throws(() => buildCommitMessagePrompt({ diff: '' }), EmptyDiffError);
			assert.throws(() => buildCommitMessagePrompt({ diff: '', untracked: [] }), EmptyDiffError);
		});

		it('lists untracked files by name only, capped, and accepts them without a diff', () => {
			const { prompt } = buildCommitMessagePrompt({ diff: '', untracked: ['notes.md', 'src/new.ts'] });
			assert.match(prompt, /- notes\.md: new file \(not shown\)\n- src\/new\.ts: new file \(not shown\)/);
			assert.doesNotMatch(prompt, /<diff>/);
			const many = buildCommitMessagePrompt({ diff: fileDiff('a'), untracked: Array.from({ length: 60 }, (_, i) => `f${i}`) }).prompt;
			assert.match(many, /- f49: new file/);
			assert.doesNotMatch(many, /- f50:/);
			assert.match(many, /… and 10 more new files/);
		});
	});

	describe('cleanCommitMessage', () => {
		const cases: [string, string, string][] = [
			['plain message', 'Add fetch-all command', 'Add fetch-all command'],
			['preamble line', 'Here is a commit message:\n\nAdd fetch-all command', 'Add fetch-all command'],
			['preamble for these changes', "Here's a suggested commit message for these changes:\nfix: handle detached HEAD", 'fix: handle detached HEAD'],
			['sure + label', 'Sure! Here you go.\nCommit message:\nAdd x', 'Add x'],
			['code fence with language', 'Here is the message:\n```text\nAdd x\n\nBecause y.\n```\nLet me know if you want changes.', 'Add x\n\nBecause y.'],
			['unterminated fence', '```\nAdd x', 'Add x'],
			['double quotes', '"Add x"', 'Add x'],
			['curly quotes', '“Add x”', 'Add x'],
			['backticks', '`Add x`', 'Add x'],
			['inline label', 'Commit message: Add x', 'Add x'],
			['bold subject', '**Add x**\n\nBody text.', 'Add x\n\nBody text.'],
			['markdown heading', '# Add x', 'Add x'],
			['missing blank line after subject', 'Add x\nBody line one.\nBody line two.', 'Add x\n\nBody line one.\nBody line two.'],
			['CRLF and trailing spaces, extra blank lines', 'Add x  \r\n\r\n\r\n\r\nBody.  \r\n', 'Add x\n\nBody.'],
		];
		for (const [name, input, expected] of cases) {
			it(`cleans: ${name}`, () => {
				assert.equal(cleanCommitMessage(input), expected);
			});
		}

		it('keeps a conventional prefix and a body that mentions "here is"', () => {
			assert.equal(cleanCommitMessage('feat: add x\n\nHere is why: y.'), 'feat: add x\n\nHere is why: y.');
		});

		for (const empty of ['', '   \n ', '```\n```', 'Here is a commit message:', '""', undefined, null]) {
			it(`throws instead of returning an empty message for ${JSON.stringify(empty)}`, () => {
				assert.throws(() => cleanCommitMessage(empty), (err: unknown) => err instanceof EmptyCommitMessageError && err.rawText === (empty ?? ''));
			});
		}
	});
});
