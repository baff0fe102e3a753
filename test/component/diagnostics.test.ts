/// <reference lib="dom" />
// The Diagnostics page in a real DOM (headless Chromium) over a real gateway: real git, GitHub
// on the stand-in, and a log the test writes to. The figures come from the work the gateway
// really did, and follow it while the page is shown.
import { strict as assert } from 'node:assert';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { createGateway } from '../../src/api';
import type { MetaGothicGraph as Gateway } from '../../src/api';
import { LogLines } from '../../src/common/logLines';
import { UnavailableAgentRuns } from '../../src/schema/unavailableSources';
import { createMetaRepo, type MetaRepo } from '../support/createMetaRepo';
import { type GitHubStandIn, startGitHubStandIn } from '../support/github';
import { seedDemoGitHub } from '../support/github/demoWorld';
import { waitUntil } from '../support/waitUntil';
import { openDashboard, type DashboardPage } from './dashboardPage';

const WAIT = 30_000;
const TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';

/** The first whole number of a figure's text, commas removed ("1,204 spawned, 0 running" → 1204). */
function firstNumber(text: string): number {
	return Number(text.replace(/,/g, '').match(/\d+/)?.[0] ?? Number.NaN);
}

describe('the Diagnostics page over real git and the GitHub stand-in', function () {
	this.timeout(180_000);
	let dir: string;
	let browser: BrowserContext;
	let gh: GitHubStandIn;
	let gateway: Gateway;
	let meta: MetaRepo;
	const log = new LogLines();

	before(async () => {
		dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'mg-diagnostics-')));
		meta = createMetaRepo(path.join(dir, 'meta'), { githubUpstreams: true });
		gh = await startGitHubStandIn({ token: TOKEN });
		// A pull request build runs until cancelled: the poller stays on its fast interval.
		seedDemoGitHub(gh, { holdPullRequestBuild: true });
		gh.advance(1000);
		gateway = await createGateway({
			roots: [meta.root],
			gitEnv: meta.sandbox.env,
			githubToken: TOKEN,
			githubApiUrl: gh.url,
			github: { fastIntervalMs: 500, idleIntervalMs: 60_000, client: { retryUnitMs: 5, writeSpacingMs: 0 } },
			agentRuns: new UnavailableAgentRuns('not under test'),
			log,
		});
		const { launchBrowser } = await import('../support/browser.mjs');
		browser = await launchBrowser(path.join(dir, 'profile'));
	});

	after(async () => {
		await browser?.close();
		gateway?.dispose();
		gh?.assertNoValidationErrors();
		await gh?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const figure = (view: DashboardPage, id: string) => view.page.locator(`[data-testid="figure"][data-figure="${id}"]`);

	it('shows the GitHub budget, the poller\'s interval, git processes and graph operations, with no token anywhere', async () => {
		const view = await openDashboard(browser, gateway, 'diagnostics');
		try {
			const budget = figure(view, 'github-budget-graphql');
			await budget.waitFor({ timeout: WAIT });
			assert.match(await budget.innerText(), /GitHub API budget \(graphql\)\s+[\d,]+ used, [\d,]+ left of 5,000 this hour; full again at \d\d:\d\d/);
			assert.ok(firstNumber((await budget.innerText()).split(')')[1]) > 0, 'the overview cost points');
			assert.match(await figure(view, 'github-poll').innerText(), /every 0\.5 s/);
			const git = await figure(view, 'git-processes').innerText();
			assert.ok(firstNumber(git) > 0, git);
			assert.match(git, /spawned, 0 running/);
			assert.match(await figure(view, 'git-duration').innerText(), /p50 [\d.]+ m?s, p99 [\d.]+ m?s/);
			assert.match(await figure(view, 'graph-operations').innerText(), /[1-9][\d,]* per minute, [1-9][\d,]* in all/);
			// The page's own bridge subscription is not a graph subscription: nothing else listens here.
			assert.match(await figure(view, 'graph-subscriptions').innerText(), /Live subscriptions\s+\d+/);
			assert.match(await figure(view, 'agent-processes').innerText(), /not counted here/);
			assert.ok(!(await view.page.content()).includes(TOKEN));
		} finally {
			await view.close();
		}
	});

	it('follows git work done while it is shown, without Read again', async () => {
		const view = await openDashboard(browser, gateway, 'diagnostics');
		try {
			const git = figure(view, 'git-processes');
			await git.waitFor({ timeout: WAIT });
			const before = firstNumber(await git.innerText());
			writeFileSync(path.join(meta.submodules.core, 'README.md'), '# core, edited for diagnostics\n');
			await gateway.execute({ query: 'mutation($p: String!) { refreshRepository(path: $p) { path } }', variables: { p: meta.submodules.core } });
			const after = gateway.git.git.processStats.spawned;
			assert.ok(after > before, 'the refresh ran git');
			await view.page.waitForFunction(
				([n]) => Number(document.querySelector('[data-figure="git-processes"]')?.textContent?.replace(/,/g, '').match(/(\d+) spawned/)?.[1] ?? 0) >= n,
				[after],
				{ timeout: WAIT },
			);
		} finally {
			await view.close();
		}
	});

	it('lists the latest log lines newest first, narrows them by level, and Open Log asks the host for the log', async () => {
		log.write('INFO', 'Read 6 repositories in 120 ms');
		log.write('WARNING', 'push in libs/core: rejected');
		log.write('ERROR', 'Reading repositories failed: disk full');
		const view = await openDashboard(browser, gateway, 'diagnostics');
		try {
			const lines = view.page.locator('[data-testid="log-line"]');
			await lines.first().waitFor({ timeout: WAIT });
			assert.deepEqual(await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-level'))), ['ERROR', 'WARNING', 'INFO']);
			assert.match(await lines.first().innerText(), /\d\d:\d\d:\d\d\s+error\s+Reading repositories failed: disk full/);
			await view.page.locator('[data-testid="log-level"]').click();
			await view.page.getByRole('option', { name: 'Errors only' }).click();
			await view.page.waitForFunction(() => document.querySelectorAll('[data-testid="log-line"]').length === 1, undefined, { timeout: WAIT });
			assert.equal(await lines.first().getAttribute('data-level'), 'ERROR');
			// A line written now shows while the page is open, if it is at the chosen level.
			log.write('INFO', 'Activated in 80 ms');
			log.write('ERROR', 'git was not found');
			await view.page.locator('[data-testid="log-line"]', { hasText: 'git was not found' }).waitFor({ timeout: WAIT });
			assert.equal(await view.page.locator('[data-testid="log-line"]', { hasText: 'Activated in 80 ms' }).count(), 0);
			await view.page.locator('[data-testid="open-log"]').click();
			await waitUntil(() => view.actions.some((a) => a.kind === 'command'), WAIT);
			assert.deepEqual(view.actions, [{ kind: 'command', command: 'metaGothic.showLog', args: [] }]);
		} finally {
			await view.close();
		}
	});
});
