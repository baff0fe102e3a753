/// <reference lib="dom" />
// The Pipelines page in a real DOM (headless Chromium) over a real gateway whose GitHub is the
// stand-in, seeded as the demo is: selecting a run shows its jobs and steps, and its buttons
// write to GitHub.
import { strict as assert } from 'node:assert';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { createGateway } from '../../src/api';
import type { MetaGothicGraph as Gateway } from '../../src/api';
import { UnavailableAgentRuns } from '../../src/schema/unavailableSources';
import { createMetaRepo, type MetaRepo } from '../support/createMetaRepo';
import { type GitHubStandIn, startGitHubStandIn } from '../support/github';
import { seedDemoGitHub } from '../support/github/demoWorld';
import { installPushHook } from '../support/github/pushHook';
import { openDashboard } from './dashboardPage';

const WAIT = 30_000;
const TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';

describe('the Pipelines page over the GitHub stand-in', function () {
	this.timeout(180_000);
	let dir: string;
	let browser: BrowserContext;
	let gh: GitHubStandIn;
	let gateway: Gateway;
	let connect: () => Promise<Gateway>;
	let meta: MetaRepo;

	before(async () => {
		dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'mg-pipelines-')));
		meta = createMetaRepo(path.join(dir, 'meta'), { githubUpstreams: true });
		gh = await startGitHubStandIn({ token: TOKEN });
		// The pull request build of `ui` runs until it is cancelled; `core`'s last run failed.
		seedDemoGitHub(gh, { holdPullRequestBuild: true });
		gh.advance(1000);
		connect = () =>
			createGateway({
				roots: [meta.root],
				gitEnv: meta.sandbox.env,
				githubToken: TOKEN,
				githubApiUrl: gh.url,
				github: { fastIntervalMs: 200, idleIntervalMs: 60_000, client: { retryUnitMs: 5, writeSpacingMs: 0 } },
				agentRuns: new UnavailableAgentRuns('not under test'),
			});
		gateway = await connect();
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

	it('selecting the failed run shows its failed job and step, with the step\'s duration and its log', async () => {
		const view = await openDashboard(browser, gateway, 'pipelines');
		try {
			const failed = view.page.locator('[data-testid="run-row"][data-conclusion="FAILURE"]', { hasText: 'core' });
			await failed.waitFor({ timeout: WAIT });
			await failed.click();
			assert.equal(await failed.getAttribute('aria-selected'), 'true');
			const detail = view.page.locator('[data-testid="run-detail"][data-conclusion="FAILURE"]');
			const build = detail.locator('[data-testid="run-job"][data-name="build"][data-conclusion="FAILURE"]');
			const step = build.locator('[data-testid="run-step"][data-name="Run tests"][data-conclusion="FAILURE"]');
			await step.waitFor({ timeout: WAIT });
			assert.match(await step.innerText(), /Run tests\s+2s/);
			assert.equal(await detail.locator('[data-testid="run-job"][data-name="lint"][data-conclusion="SUCCESS"]').count(), 1);
			// Only the failed step offers its log; the host is asked to open that job's.
			assert.equal(await detail.locator('[data-testid="show-log"]').count(), 1);
			await step.locator('[data-testid="show-log"]').click();
			// The page's post reaches the host a moment later.
			for (let i = 0; i < 100 && !view.actions.some((a) => a.kind === 'openJobLog'); i++) {
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			const opened = view.actions.find((a) => a.kind === 'openJobLog');
			assert.ok(opened && opened.kind === 'openJobLog' && opened.jobName === 'build' && /^\d+$/.test(opened.jobId), JSON.stringify(view.actions));
			// A finished run cannot be cancelled.
			assert.equal(await detail.locator('[data-testid="run-cancel"]').getAttribute('aria-disabled'), 'true');
			assert.equal(await detail.locator('[data-testid="run-rerunFailed"]').getAttribute('aria-disabled'), 'false');
		} finally {
			await view.close();
		}
	});

	it('the arrow keys move along the runs and Enter selects one', async () => {
		const view = await openDashboard(browser, gateway, 'pipelines');
		try {
			const rows = view.page.locator('[data-testid="run-row"]');
			await rows.nth(1).waitFor({ timeout: WAIT });
			await rows.first().focus();
			await view.page.keyboard.press('ArrowDown');
			await view.page.keyboard.press('Enter');
			assert.equal(await rows.nth(1).getAttribute('aria-selected'), 'true');
			assert.equal(await rows.first().getAttribute('aria-selected'), 'false');
			const runId = (await rows.nth(1).getAttribute('data-key'))!.split('#').pop();
			await view.page.locator(`[data-testid="run-detail"][data-run-id="${runId}"] [data-testid="run-job"]`).first().waitFor({ timeout: WAIT });
		} finally {
			await view.close();
		}
	});

	it('Re-run failed jobs starts the failed job again: the run is queued, on GitHub and on the page', async () => {
		const view = await openDashboard(browser, gateway, 'pipelines');
		try {
			const failed = view.page.locator('[data-testid="run-row"][data-conclusion="FAILURE"]', { hasText: 'core' });
			await failed.waitFor({ timeout: WAIT });
			const runId = Number((await failed.getAttribute('data-key'))!.split('#').pop());
			await failed.click();
			const detail = view.page.locator(`[data-testid="run-detail"][data-run-id="${runId}"]`);
			await detail.locator('[data-testid="run-rerunFailed"][aria-disabled="false"]').click({ timeout: WAIT });
			await view.page.locator(`[data-testid="run-detail"][data-run-id="${runId}"][data-status="QUEUED"]`).waitFor({ timeout: WAIT });
			const run = gh.state.findRun(runId)!;
			assert.deepEqual(
				run.jobs.map((j) => [j.name, j.attempt]),
				[
					['build', 1],
					['lint', 1],
					['build', 2],
				],
				'only the failed job runs again',
			);
			// Kept selected across the updates the re-run brought.
			assert.equal(await view.page.locator(`[data-testid="run-row"][data-key$="#${runId}"]`).getAttribute('aria-selected'), 'true');
			assert.equal(await detail.locator('[data-testid="run-cancel"]').getAttribute('aria-disabled'), 'false', 'a queued run can be cancelled');
		} finally {
			await view.close();
		}
	});

	it('Cancel on the running pull request build cancels it', async () => {
		const view = await openDashboard(browser, gateway, 'pipelines');
		try {
			const running = view.page.locator('[data-testid="run-row"][data-status="IN_PROGRESS"]', { hasText: 'feature/login' });
			await running.waitFor({ timeout: WAIT });
			const runId = Number((await running.getAttribute('data-key'))!.split('#').pop());
			await running.click();
			const detail = view.page.locator(`[data-testid="run-detail"][data-run-id="${runId}"]`);
			await detail.locator('[data-testid="run-job"][data-status="IN_PROGRESS"]').first().waitFor({ timeout: WAIT });
			assert.equal(await detail.locator('[data-testid="run-rerun"]').getAttribute('aria-disabled'), 'true', 'a running run cannot be re-run');
			await detail.locator('[data-testid="run-cancel"][aria-disabled="false"]').click();
			await view.page.waitForFunction(() => document.querySelector('[data-testid="run-cancel"]')?.getAttribute('aria-busy') !== 'true', undefined, { timeout: WAIT });
			assert.equal(await detail.locator('[role="alert"]').count(), 0, 'GitHub accepted the cancel');
			// GitHub takes a moment to land a cancellation.
			gh.advance(3000);
			await view.page.locator(`[data-testid="run-detail"][data-run-id="${runId}"][data-conclusion="CANCELLED"]`).waitFor({ timeout: WAIT });
			await view.page.locator(`[data-testid="run-row"][data-key$="#${runId}"][data-conclusion="CANCELLED"]`).waitFor({ timeout: WAIT });
		} finally {
			await view.close();
		}
	});

	it('runs that one push started in two repositories are listed together under one line, which follows them to the end', async () => {
		// What GitHub sees when Ship Everything or Push All pushes two repositories at once; a window
		// opened after it reads them at once (a running one waits for the poller's next full read).
		const sha = (n: string) => n.repeat(40);
		for (const [name, mark] of [['api', 'a'], ['auth', 'b']]) {
			const repo = gh.state.findRepo('acme', name);
			assert.ok(repo, `acme/${name} is served`);
			gh.state.push(repo, 'main', sha(mark));
		}
		const after = await connect();
		const view = await openDashboard(browser, after, 'pipelines');
		try {
			const group = view.page.locator('[data-testid="push-group"]', { hasText: 'Push to 2 repositories' });
			await group.waitFor({ timeout: WAIT });
			assert.match(await group.innerText(), /running/);
			// The group's runs follow its line, before the next line or run of another push.
			const order = await view.page.locator('table.runs tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.getAttribute('data-testid') === 'push-group' ? `group:${tr.textContent ?? ''}` : tr.classList.contains('in-push') ? 'in-push' : 'run')));
			const at = order.findIndex((o) => o.startsWith('group:') && o.includes('Push to 2 repositories'));
			assert.deepEqual(order.slice(at + 1, at + 3), ['in-push', 'in-push'], JSON.stringify(order));
			gh.advance(10 * 60_000);
			await view.page.locator('[data-testid="push-group"][data-state="success"]', { hasText: 'Push to 2 repositories' }).waitFor({ timeout: WAIT });
			assert.match(await group.innerText(), /2 passed/);
		} finally {
			await view.close();
			after.dispose();
		}
	});

	it('two people pushing in the same minute make two groups, and Mine keeps only the signed-in account\'s runs', async () => {
		// The token is octocat's; hubot pushes two other repositories at the same instant.
		for (const [name, mark, pusher] of [['ui', 'c', 'hubot'], ['crypto', 'd', 'hubot'], ['core', 'e', 'octocat'], ['meta', 'f', 'octocat']]) {
			const repo = gh.state.findRepo('acme', name);
			assert.ok(repo, `acme/${name} is served`);
			gh.state.push(repo, 'main', mark.repeat(40), pusher);
		}
		const after = await connect();
		const view = await openDashboard(browser, after, 'pipelines');
		try {
			const theirs = view.page.locator('[data-testid="push-group"]', { hasText: 'Push to 2 repositories by hubot' });
			const ours = view.page.locator('[data-testid="push-group"]', { hasText: 'Push to 2 repositories by octocat' });
			await theirs.waitFor({ timeout: WAIT });
			await ours.first().waitFor({ timeout: WAIT });
			assert.ok((await view.page.locator('[data-testid="run-row"][data-actor="hubot"]').count()) >= 2);

			const mine = view.page.locator('[data-testid="filter-mine"]');
			await view.page.locator('[data-testid="filter-mine"]:not([disabled])').click({ timeout: WAIT });
			assert.equal(await mine.getAttribute('aria-pressed'), 'true');
			await theirs.waitFor({ state: 'detached', timeout: WAIT });
			const actors = await view.page.locator('[data-testid="run-row"]').evaluateAll((trs) => [...new Set(trs.map((tr) => tr.getAttribute('data-actor')))]);
			assert.deepEqual(actors, ['octocat'], 'only the signed-in account\'s runs are left');
			await ours.first().waitFor({ timeout: WAIT });

			await mine.click();
			await theirs.waitFor({ timeout: WAIT });
			assert.equal(await mine.getAttribute('aria-pressed'), 'false');
		} finally {
			await view.close();
			after.dispose();
		}
	});

	it('the runs one ship started are listed under a line of their own, "Ship to 2 repositories"', async () => {
		// The remotes tell the stand-in of pushes, as GitHub learns of them.
		for (const name of ['core', 'crypto'] as const) {
			installPushHook(meta.remotes[name], { url: gh.url, repository: `acme/${name}` });
			writeFileSync(path.join(meta.submodules[name], 'SHIPPED.md'), `shipped ${name}\n`);
		}
		await gateway.git.scan();
		const shipped = await gateway.execute({
			query: 'mutation($c: [ShipCommitInput!]!) { shipRepositories(commits: $c) { id rows { repository { name } push { status } pushedSha } } }',
			variables: { c: [{ repository: meta.submodules.core, message: 'Ship core' }, { repository: meta.submodules.crypto, message: 'Ship crypto' }] },
		});
		assert.equal(shipped.errors, undefined, JSON.stringify(shipped.errors));
		const view = await openDashboard(browser, gateway, 'pipelines');
		try {
			const ship = view.page.locator('[data-testid="push-group"]', { hasText: 'Ship to 2 repositories' });
			await ship.waitFor({ timeout: WAIT });
			assert.notEqual(await ship.getAttribute('data-ship'), '', 'the line knows the ship');
			const lines = await view.page.locator('table.runs tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.getAttribute('data-testid') === 'push-group' ? `group:${tr.textContent ?? ''}` : `${tr.classList.contains('in-push') ? 'in-push' : 'run'}:${tr.children[1]?.textContent ?? ''}`)));
			const at = lines.findIndex((l) => l.startsWith('group:') && l.includes('Ship to 2 repositories'));
			assert.deepEqual(lines.slice(at + 1, at + 3).sort(), ['in-push:libs/core', 'in-push:vendor/crypto'], JSON.stringify(lines));
		} finally {
			await view.close();
		}
	});
});
