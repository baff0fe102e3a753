import { strict as assert } from 'node:assert';
import type { ViewAgentRun } from '../../../src/extension/agentRuns/agentRunsQueries';
import { healthTooltipMarkdown } from '../../../src/extension/healthTooltip';
import { codeBlock, escapeMarkdown } from '../../../src/extension/markdown';
import type { HealthLine } from '../../../src/extension/statusBar';
import { agentRunTooltip } from '../../../src/extension/views/agentRuns/agentRunTooltip';
import type { ViewRepository } from '../../../src/extension/views/repositories/repositoriesQuery';
import { repositoryTooltip } from '../../../src/extension/views/repositories/repositoryTooltip';
import { workflowRunTooltip } from '../../../src/extension/views/workflows/workflowRunTooltip';
import { HOSTILE, liveCount } from '../../support/markdownChecks';

const NOW = Date.parse('2026-03-10T12:00:00Z');

/** Nothing of `HOSTILE` is live: no link, image, HTML, icon beyond `ownIcons`, and the text is shown escaped. */
function assertInert(md: string, ownIcons: number, ownLinks = 0): void {
	assert.ok(!md.includes(HOSTILE), md);
	assert.equal(liveCount(md, '$('), ownIcons, `theme icons: ${md}`);
	assert.equal(liveCount(md, ']('), ownLinks, `links: ${md}`);
	assert.equal(liveCount(md, '!['), 0, `images: ${md}`);
	assert.equal(liveCount(md, '<'), 0, `HTML: ${md}`);
	// eslint-disable-next-line no-control-regex
	assert.doesNotMatch(md, /\u001b/);
}

describe('tooltip builders escape every name', () => {
	it('a workflow run: workflow name, repository, branch and event; its own three icons stay', () => {
		const md = workflowRunTooltip(
			{ id: '1', runNumber: 7, workflowName: HOSTILE, status: 'COMPLETED', conclusion: 'FAILURE', event: `push ${HOSTILE}`, branch: HOSTILE, headSha: 'abcdef0123', createdAt: '2026-03-10T11:00:00Z', updatedAt: '2026-03-10T11:05:00Z' },
			HOSTILE,
			NOW,
		);
		assertInert(md, 3);
		assert.ok(md.includes(`**${escapeMarkdown(`${HOSTILE} #7`)}**`), md);
		assert.match(md, /\$\(repo\) .*\$\(git-branch\) .*\$\(git-commit\) abcdef0/);
	});

	it('an agent run: repository, branch and output escaped; prompt and error fenced so they cannot close their block', () => {
		const run = {
			id: 'r1', prompt: `${HOSTILE}\n\`\`\`\n[x](https://evil.example)`, status: 'FAILED', sessionId: null, costUsd: 0.5, durationMs: 1000, numTurns: 2,
			error: `boom\n\`\`\`\`\n${HOSTILE}`, output: `${HOSTILE}\n${HOSTILE}`, repositoryPath: '/w/x', createdAt: '', startedAt: null, finishedAt: null,
			parent: null, isolation: 'WORKTREE', worktree: { branch: HOSTILE, state: 'ACTIVE' }, fleet: null,
		} as unknown as ViewAgentRun;
		const md = agentRunTooltip(run, HOSTILE);
		assert.ok(md.startsWith(`**${escapeMarkdown(HOSTILE)}** — `), md);
		assert.ok(md.includes(escapeMarkdown(`worktree ${HOSTILE}: active`)), md);
		assert.ok(md.includes(codeBlock(run.error!)), 'the error is one block whose fence is longer than its backtick runs');
		assert.match(md, /\n`````text\nboom\n````\n/);
		// Outside the fenced blocks, nothing is live.
		const outside = md.replace(/\n(`{3,})text\n[\s\S]*?\n\1\n/g, '');
		assertInert(outside, 0);
		const output = agentRunTooltip({ ...run, error: null }, 'x');
		assertInert(output.replace(/\n(`{3,})text\n[\s\S]*?\n\1\n/g, ''), 0);
		assert.ok(output.includes(`${escapeMarkdown(HOSTILE)}\n\n${escapeMarkdown(HOSTILE)}`), 'output lines stay apart');
	});

	it('a repository: name, path, upstream, error and package fields', () => {
		const repo = {
			path: `/w/${HOSTILE}`, name: HOSTILE, kind: 'SUBMODULE', upstream: `origin/${HOSTILE}`, error: `fatal: ${HOSTILE}\nsecond ${HOSTILE}`,
			packages: [{ name: 'a`b', version: HOSTILE, private: false, latest: HOSTILE, needsRelease: true, commitsSinceRelease: 2, releaseTag: HOSTILE, registryError: null }],
		} as unknown as ViewRepository;
		const md = repositoryTooltip(repo);
		assertInert(md.replace('``a`b``', ''), 0);
		assert.ok(md.includes('``a`b``'), 'a package name is a code span it cannot close');
		assert.ok(md.includes(`**${escapeMarkdown(HOSTILE)}** (submodule)`), md);
		assert.ok(md.includes('**needs release**'), 'the tooltip keeps its own emphasis');
	});

	it('the status bar health: repository names and details; only its own links and icons are live', () => {
		const items = [
			{ status: 'ERROR', kind: 'CI_FAILED', message: '', detail: HOSTILE, repositoryPath: '/w/x', repositoryName: HOSTILE, runId: '1' },
			{ status: 'WARNING', kind: 'CONFLICT', message: '', detail: HOSTILE, repositoryPath: '/w/y', repositoryName: null, runId: null },
		] as unknown as HealthLine[];
		const md = healthTooltipMarkdown(HOSTILE, items, { today: { costUsd: 1, runs: 2, tokensIn: 3, tokensOut: 4 }, dailyBudgetUsd: null });
		// Two items, the agents line and Open Dashboard: four links, each with its icon.
		assertInert(md, 4, 4);
	});
});
