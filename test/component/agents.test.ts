/// <reference lib="dom" />
// The Agents page in a real DOM (headless Chromium) over a real gateway whose agent runs are the
// real `claude` CLI talking to the Messages API stand-in: a run started from the prompt box opens
// to its transcript as it streams, with its tool call folded; a run that keeps going is cancelled,
// then continued with a follow-up in the same session.
import { strict as assert } from 'node:assert';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createGateway } from '../../src/api';
import type { MetaGothicGraph as Gateway } from '../../src/api';
import { claudeBinary, createCliSandbox, type CliSandbox } from '../support/claude/cliFixture';
import { blocksReply, MessagesStandIn, overloadedReply, stalledReply, textReply } from '../support/claude/messagesStandIn';
import { createMetaRepo, type MetaRepo } from '../support/createMetaRepo';
import { openDashboard } from './dashboardPage';

const WAIT = 60_000;

/** Types `text` into the prompt box as a person does: focus it, then the keys. */
async function typePrompt(page: Page, testId: string, text: string): Promise<void> {
	await page.locator(`[data-testid="${testId}"] textarea`).click();
	await page.keyboard.type(text);
}

describe('the Agents page over the real Claude CLI', function () {
	this.timeout(240_000);
	let dir: string;
	let browser: BrowserContext;
	let standIn: MessagesStandIn;
	let cli: CliSandbox;
	let meta: MetaRepo;
	let gateway: Gateway;

	before(async () => {
		dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'mg-agents-')));
		meta = createMetaRepo(path.join(dir, 'meta'));
		standIn = await MessagesStandIn.start();
		cli = createCliSandbox(standIn.baseUrl);
		gateway = await createGateway({ roots: [meta.root], gitEnv: meta.sandbox.env, githubToken: null, claudePath: claudeBinary, claudeEnv: cli.env, storageDir: path.join(dir, 'storage') });
		const { launchBrowser } = await import('../support/browser.mjs');
		browser = await launchBrowser(path.join(dir, 'profile'));
	});

	after(async () => {
		await browser?.close();
		await gateway?.agentRuns?.shutdown();
		gateway?.dispose();
		cli?.dispose();
		await standIn?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	beforeEach(() => standIn.reset());

	it('Start runs the prompt in the chosen repository and its transcript streams in, text as text and the tool call folded', async () => {
		standIn.enqueue(
			blocksReply([
				{ type: 'text', text: 'Let me look at the README first.' },
				{ type: 'tool_use', name: 'Read', input: { file_path: path.join(meta.submodules.core, 'README.md') } },
			]),
			textReply('It says <b>core</b>: a library.', { delayMs: 20, chunkSize: 6 }),
		);
		const view = await openDashboard(browser, gateway, 'agents');
		try {
			const { page } = view;
			const core = page.locator(`[data-testid="agent-target"][data-path="${meta.submodules.core}"]`);
			await core.waitFor({ timeout: WAIT });
			const start = page.locator('[data-testid="agent-start"]');
			assert.equal(await start.getAttribute('aria-disabled'), 'true', 'nothing to start without a prompt and a repository');
			await typePrompt(page, 'agent-prompt', 'Summarise this repository');
			await core.click();
			await page.getByText('(1 selected)').waitFor({ timeout: WAIT });
			await start.click();

			// The run shows at once, opened; its text comes in while it runs.
			const run = page.locator('[data-testid="agent-run"]', { has: page.locator('[data-testid="agent-transcript"]') }).first();
			await run.waitFor({ timeout: WAIT });
			assert.equal(await run.getAttribute('data-repository'), meta.submodules.core);
			const transcript = run.locator('[data-testid="agent-transcript"]');
			await transcript.locator('[data-testid="agent-text"]', { hasText: 'Let me look at the README first.' }).waitFor({ timeout: WAIT });
			const tool = transcript.locator('[data-testid="agent-tool"][data-tool="Read"]');
			await tool.waitFor({ timeout: WAIT });
			assert.match(await tool.locator('summary').innerText(), /Read\s+.*core\/README\.md/);

			await page.locator('[data-testid="agent-run"][data-status="SUCCEEDED"] [data-testid="agent-finished"]').waitFor({ timeout: WAIT });
			assert.equal(await run.getAttribute('data-status'), 'SUCCEEDED');
			assert.match(await run.locator('[data-testid="agent-run-facts"]').innerText(), /^\$\d+\.\d{4} · 2 turns · \d+s$/);
			// What Claude wrote is text: its markup is shown, never made into elements.
			const answer = transcript.locator('[data-testid="agent-text"]', { hasText: 'It says' });
			assert.equal(await answer.innerText(), 'It says <b>core</b>: a library.');
			assert.equal(await transcript.locator('b').count(), 0);
			// Opened, the call shows its input and what the tool answered.
			await tool.locator('summary').click();
			assert.match(await tool.locator('[data-testid="agent-tool-input"]').innerText(), /"file_path": ".*core\/README\.md"/);
			assert.match(await tool.locator('[data-testid="agent-tool-result"]').innerText(), /# core/);
			assert.equal(await tool.getAttribute('data-state'), 'done');
			// The prompt box is empty again, the repository still chosen for the next run.
			assert.equal(await page.locator('[data-testid="agent-prompt"]').evaluate((el) => (el as HTMLTextAreaElement).value), '');
			assert.equal(await core.evaluate((el) => (el as HTMLInputElement).checked), true);
		} finally {
			await view.close();
		}
	});

	it('a run that keeps going is cancelled from its row, then continued with a follow-up in the same session', async () => {
		standIn.enqueue(stalledReply('Working on it'), textReply('Picked up where I stopped.'));
		const view = await openDashboard(browser, gateway, 'agents');
		try {
			const { page } = view;
			const ui = page.locator(`[data-testid="agent-target"][data-path="${meta.submodules.ui}"]`);
			await ui.waitFor({ timeout: WAIT });
			// The first test's run, finished: nothing below changes it, so its row is not drawn again.
			const earlier = page.locator('[data-testid="agent-run"][data-status="SUCCEEDED"]').first();
			await earlier.waitFor({ timeout: WAIT });
			const earlierId = (await earlier.getAttribute('data-run-id'))!;
			await page.evaluate(() => {
				const renders = (window as unknown as { metaGothic: { agentRenders: Record<string, number> } }).metaGothic.agentRenders;
				for (const id of Object.keys(renders)) {
					renders[id] = 0;
				}
			});
			await typePrompt(page, 'agent-prompt', 'Refactor the button');
			await ui.click();
			// Ctrl+Enter in the prompt box starts, as the Start button does.
			await page.keyboard.press('Control+Enter');
			const running = page.locator(`[data-testid="agent-run"][data-status="RUNNING"][data-repository="${meta.submodules.ui}"]`);
			await running.waitFor({ timeout: WAIT });
			const id = await running.getAttribute('data-run-id');
			const run = page.locator(`[data-testid="agent-run"][data-run-id="${id}"]`);
			// The stalled reply is out: the CLI waits on it, and the run goes on until cancelled.
			await standIn.waitForRequest((r) => r.kind === 'main');
			// The words sent so far show while the message is still being written (it never completes).
			const draft = run.locator('[data-testid="agent-transcript"] [data-testid="agent-text"].streaming');
			await draft.waitFor({ timeout: WAIT });
			assert.equal(await draft.innerText(), 'Work');
			assert.equal(await run.getAttribute('data-status'), 'RUNNING');
			assert.equal(await run.locator('[data-testid="agent-retry"]').count(), 0, 'no retry while it runs');
			await run.locator('[data-testid="agent-cancel"]').click();
			await page.locator(`[data-testid="agent-run"][data-run-id="${id}"][data-status="CANCELLED"]`).waitFor({ timeout: WAIT });
			assert.match(await run.locator('.run-state').innerText(), /cancelled/);
			assert.equal((await run.locator('[data-testid="agent-ended"]').innerText()).trim(), 'Cancelled');
			assert.equal(await run.locator('[data-testid="agent-cancel"]').count(), 0);

			// Continue opens a follow-up box; Escape closes it, Continue again and Send resumes the session.
			await run.locator('[data-testid="agent-continue"]').click();
			const box = run.locator('[data-testid="agent-follow-up-prompt"] textarea');
			await box.waitFor({ timeout: WAIT });
			await box.click();
			await page.keyboard.press('Escape');
			await run.locator('[data-testid="agent-follow-up"]').waitFor({ state: 'detached', timeout: WAIT });
			await run.locator('[data-testid="agent-continue"]').click();
			await typePrompt(page, 'agent-follow-up-prompt', 'Go on, please');
			await run.locator('[data-testid="agent-follow-up-send"]').click();
			const next = page.locator('[data-testid="agent-run"]', { hasText: 'Go on, please' }).first();
			await next.locator('[data-testid="agent-text"]', { hasText: 'Picked up where I stopped.' }).waitFor({ timeout: WAIT });
			await page.locator('[data-testid="agent-run"][data-status="SUCCEEDED"]', { hasText: 'Go on, please' }).waitFor({ timeout: WAIT });
			const renders = await page.evaluate(() => ({ ...(window as unknown as { metaGothic: { agentRenders: Record<string, number> } }).metaGothic.agentRenders }));
			assert.equal(renders[earlierId], 0, `rows drawn: ${JSON.stringify(renders)}`);
			assert.ok((renders[id!] ?? 0) > 0, 'the cancelled run\'s row was drawn as it changed');
			// The follow-up went to the cancelled run's session.
			const sessions = await gateway.execute({ query: `{ a: agentRun(id: "${id}") { sessionId } runs: agentRuns { prompt sessionId parent { id } } }` });
			const data = sessions.data as { a: { sessionId: string }; runs: { prompt: string; sessionId: string; parent: { id: string } | null }[] };
			const resumed = data.runs.find((r) => r.prompt === 'Go on, please');
			assert.equal(resumed?.parent?.id, id);
			assert.equal(resumed?.sessionId, data.a.sessionId);
		} finally {
			await view.close();
		}
	});

	it('a run that fails shows why, marked as an error, and Retry runs its prompt again as a new run', async () => {
		standIn.enqueue(overloadedReply(), textReply('Second time lucky.'));
		const view = await openDashboard(browser, gateway, 'agents');
		try {
			const { page } = view;
			const auth = page.locator(`[data-testid="agent-target"][data-path="${meta.submodules.auth}"]`);
			await auth.waitFor({ timeout: WAIT });
			await typePrompt(page, 'agent-prompt', 'Check the login flow');
			await auth.click();
			await page.locator('[data-testid="agent-start"]').click();
			const failed = page.locator('[data-testid="agent-run"][data-status="FAILED"]', { hasText: 'Check the login flow' });
			await failed.waitFor({ timeout: WAIT });
			const error = failed.locator('[data-testid="agent-transcript"] [data-testid="agent-error"]').first();
			await error.waitFor({ timeout: WAIT });
			assert.match(await error.innerText(), /overloaded/i);
			assert.equal(await error.locator('.codicon-error[aria-label="Error"]').count(), 1, 'the error is marked by an icon with a name, not by colour alone');
			assert.equal(await failed.locator('[data-testid="agent-error"], [data-testid="agent-run-error"]').count(), 1, 'said once');
			// Closed, the row still says why it failed.
			await failed.locator('[data-testid="agent-run-toggle"]').click();
			assert.match(await failed.locator('[data-testid="agent-run-error"]').innerText(), /overloaded/i);
			await failed.locator('[data-testid="agent-run-toggle"]').click();
			// Failed runs are one filter away.
			await page.locator('[data-testid="agent-filter-failed"]').click();
			assert.ok((await page.locator('[data-testid="agent-run"]').count()) >= 1);
			assert.equal(await page.locator('[data-testid="agent-run"]:not([data-status="FAILED"])').count(), 0);
			await page.locator('[data-testid="agent-filter-all"]').click();

			await failed.locator('[data-testid="agent-retry"]').click();
			const retried = page.locator('[data-testid="agent-run"][data-status="SUCCEEDED"]', { hasText: 'Check the login flow' });
			await retried.locator('[data-testid="agent-text"]', { hasText: 'Second time lucky.' }).waitFor({ timeout: WAIT });
			assert.equal(await page.locator('[data-testid="agent-run"]', { hasText: 'Check the login flow' }).count(), 2, 'the failed run stays, the retry is a run of its own');
		} finally {
			await view.close();
		}
	});

	it('Escape clears the prompt box, then the choice of repositories', async () => {
		const view = await openDashboard(browser, gateway, 'agents');
		try {
			const { page } = view;
			const api = page.locator(`[data-testid="agent-target"][data-path="${meta.submodules.api}"]`);
			await api.waitFor({ timeout: WAIT });
			await api.click();
			await typePrompt(page, 'agent-prompt', 'Something');
			await page.keyboard.press('Escape');
			assert.equal(await page.locator('[data-testid="agent-prompt"]').evaluate((el) => (el as HTMLTextAreaElement).value), '');
			assert.equal(await api.evaluate((el) => (el as HTMLInputElement).checked), true);
			await page.keyboard.press('Escape');
			await page.getByText('(0 selected)').waitFor({ timeout: WAIT });
			assert.equal(await api.evaluate((el) => (el as HTMLInputElement).checked), false);
			// Select all takes every repository a run can work in; the submodule not checked out is not one.
			const offered = await page.locator('[data-testid="agent-target"]').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.path));
			assert.ok(offered.includes(meta.submodules.core) && !offered.includes(meta.submodules.legacy), JSON.stringify(offered));
			await page.locator('[data-testid="agent-targets-all"]').click();
			await page.getByText(`(${offered.length} selected)`).waitFor({ timeout: WAIT });
			assert.match(await page.locator('[data-testid="agent-start"]').innerText(), new RegExp(`Start ${offered.length} runs`));
			assert.equal(await page.locator('[data-testid="agent-start"]').getAttribute('aria-disabled'), 'true', 'no prompt yet: nothing to start');
			await page.locator('[data-testid="agent-targets-none"]').click();
			await page.getByText('(0 selected)').waitFor({ timeout: WAIT });
		} finally {
			await view.close();
		}
	});

	it('the transcripts open before a reload of the page are open after it, and the closed ones closed', async () => {
		const view = await openDashboard(browser, gateway, 'agents');
		try {
			const { page } = view;
			const runs = page.locator('[data-testid="agent-run"]');
			await runs.nth(1).waitFor({ timeout: WAIT });
			const [a, b] = await runs.evaluateAll((els) => els.slice(0, 2).map((el) => (el as HTMLElement).dataset.runId!));
			const toggle = (id: string) => page.locator(`[data-testid="agent-run"][data-run-id="${id}"] [data-testid="agent-run-toggle"]`);
			const open = async (id: string) => (await toggle(id).getAttribute('aria-expanded')) === 'true';
			const reload = async () => {
				await page.reload();
				await toggle(b!).waitFor({ timeout: WAIT });
			};
			assert.deepEqual([await open(a!), await open(b!)], [false, false], 'nothing open on a first load');
			await toggle(a!).click();
			await page.locator(`[data-testid="agent-run"][data-run-id="${a}"] [data-testid="agent-transcript"]`).waitFor({ timeout: WAIT });
			await reload();
			assert.deepEqual([await open(a!), await open(b!)], [true, false]);
			await page.locator(`[data-testid="agent-run"][data-run-id="${a}"] [data-testid="agent-transcript"]`).waitFor({ timeout: WAIT });
			await toggle(a!).click();
			await toggle(b!).click();
			await reload();
			assert.deepEqual([await open(a!), await open(b!)], [false, true]);
		} finally {
			await view.close();
		}
	});
});
