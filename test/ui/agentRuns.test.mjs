// A person asks Claude for commit messages and reviews each one before it is committed, then runs
// Claude on a repository and watches its output arrive in the Agent Runs view. The real `claude`
// CLI runs inside code-server against the Messages API stand-in (test/support/claude/demoReplies.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, before, describe, it } from 'mocha';
import { findFrameWith, heldUntil, openClaudeGate, runCommand, screenshot, screenshotFailures, session, until, WAIT_MS } from './session.mjs';

function git(repo, ...args) {
	return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

/** The visible quick input: its title and the value of its input box. */
async function quickInput(page) {
	const widget = page.locator('.quick-input-widget').first();
	if (!(await widget.isVisible().catch(() => false))) return undefined;
	return {
		title: (await widget.locator('.quick-input-title').innerText().catch(() => '')).trim(),
		value: await widget.locator('input').first().inputValue().catch(() => ''),
	};
}

/** Takes "Write a prompt…" in the pick of saved prompts, then types `prompt`. */
async function writePrompt(prompt) {
	const page = session.page;
	// Clicked, not Enter: the pick opens while the last one closes, and a key pressed then can reach
	// the editor (the dashboard's webview) instead of the pick.
	await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Write a prompt…' }).first().click({ timeout: WAIT_MS });
	await page.locator('.quick-input-widget', { hasText: 'What should Claude do?' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
	await page.locator('.quick-input-widget input').first().fill(prompt);
	await page.keyboard.press('Enter');
}

/** Ticks `name` in the visible multi-select pick list (filtered to it first). */
async function tick(name) {
	const page = session.page;
	// Filter first: the filter box still holds the name ticked before, which hides this one.
	await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: WAIT_MS });
	await page.locator('.quick-input-widget input').first().fill(name);
	const rows = page.locator('.quick-input-widget .monaco-list-row:visible');
	await until(`the list is filtered to ${name}`, async () => (await rows.count()) === 1 && (await rows.first().locator('.label-name').first().innerText()) === name);
	await rows.first().click();
}

function agentRunsPane(page) {
	return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Agent Runs' }) });
}

describe('Agent runs', () => {
	let page;
	let repoName;
	let repo;

	before(async () => {
		page = session.page;
		// The repositories suite committed everything; make one repository dirty again.
		repoName = session.submodules.at(-1);
		repo = join(session.workspace, repoName);
		appendFileSync(join(repo, 'index.js'), 'module.exports.version = 2;\n');
	});

	afterEach(screenshotFailures(2));

	it('"Generate Commit Messages" fills an editable message for each dirty repository, committed only after review', async () => {
		const headBefore = git(repo, 'rev-parse', 'HEAD');
		// The view notices the edit on its own; wait for it so the command offers the repository.
		await page.locator('.part.sidebar .pane-header', { hasText: 'Repositories' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		await runCommand('Meta GOTHIC: Generate Commit Messages with Claude');
		// The pick list: every dirty repository, all picked.
		await until(`${repoName} is offered`, async () => (await page.locator('.quick-input-widget .monaco-list-row', { hasText: repoName }).count()) > 0);
		// Into the pick first: it opens as the palette closes, and a key pressed then can reach the editor.
		await page.locator('.quick-input-widget input').first().focus();
		await page.keyboard.press('Enter');

		// Claude's message for each repository arrives in an input box to edit; ours gets edited,
		// any other (the parent, whose submodule pointers moved) is skipped with Escape.
		let reviewed = false;
		const deadline = Date.now() + WAIT_MS * 2;
		while (Date.now() < deadline) {
			const input = await quickInput(page);
			if (input?.title.startsWith('Commit ') && input.value) {
				if (input.title.includes(repoName)) {
					assert.match(input.value, /^Update index\.js/, `the suggestion names the changed file: ${input.value}`);
					await screenshot('commit-message-review');
					// Still nothing committed while the message waits for review.
					assert.equal(git(repo, 'rev-parse', 'HEAD'), headBefore);
					await page.locator('.quick-input-widget input').first().fill(`${input.value} (reviewed)`);
					await page.keyboard.press('Enter');
					reviewed = true;
				} else {
					await page.keyboard.press('Escape');
				}
				await page.waitForTimeout(500);
				continue;
			}
			if (reviewed && (await page.locator('.notifications-toasts', { hasText: /Commit messages: 1 committed/ }).count()) > 0) break;
			await page.waitForTimeout(250);
		}
		assert.ok(reviewed, `a message for ${repoName} was offered for review`);
		await until('the summary says one commit was made', async () => (await page.locator('.notifications-toasts', { hasText: /Commit messages: 1 committed/ }).count()) > 0);
		assert.match(git(repo, 'log', '-1', '--format=%s'), /^Update index\.js.* \(reviewed\)$/);
		assert.equal(git(repo, 'status', '--porcelain'), '', 'the commit took every change');
	});

	it('a run started from the palette streams its output into the Agent Runs view', async () => {
		await runCommand('Meta GOTHIC: Run Claude on Repositories');
		// Pick one repository: filter the list to it and tick it.
		await page.locator('.quick-input-widget .monaco-list-row', { hasText: repoName }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		// fill() focuses the filter box first: typed keys can arrive before the quick pick takes focus.
		await page.locator('.quick-input-widget input').first().fill(repoName);
		// Clicking a row of a multi-select list ticks it.
		// Click only once the filter has left that one row: the list re-renders as it filters, and a
		// click on a row found before that can land on another repository.
		const rows = page.locator('.quick-input-widget .monaco-list-row:visible');
		await until(`the list is filtered to ${repoName}`, async () => (await rows.count()) === 1 && (await rows.first().locator('.label-name').first().innerText()) === repoName);
		await rows.first().click();
		await page.locator('.quick-input-widget', { hasText: '1 Selected' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		await page.keyboard.press('Enter');
		// Held after Claude's first turn, so the view can be seen showing it while the run goes on.
		await writePrompt(`Summarise this repository${heldUntil('palette-run')}`);

		const pane = agentRunsPane(page);
		const header = page.locator('.part.sidebar .pane-header', { hasText: 'Agent Runs' }).first();
		if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
		// This run's row, not the one of the commit message written for the same repository.
		const row = () => pane.locator('.monaco-list-row', { hasText: repoName }).filter({ hasNotText: 'Write a git commit message' }).first();
		// While it runs, the row shows the latest thing Claude said.
		await until('the running row shows Claude\'s first message', async () => (await row().innerText().catch(() => '')).includes('Let me look at the repository first'));
		assert.equal(await row().locator('.codicon-pass').count(), 0, 'the run is still going');
		await screenshot('agent-run-streaming');
		await openClaudeGate('palette-run');
		await until('the run finishes', async () => (await row().locator('.codicon-pass').count()) > 0);
		await screenshot('agent-run-finished');
		assert.match(await row().innerText(), /Summarise this repository/, 'the finished run shows its prompt');
	});

	it('a fleet on two repositories from the palette finishes under one node, its cost in the view header', async () => {
		const [first, second] = session.submodules.slice(-2);
		await runCommand('Meta GOTHIC: Run Claude on Repositories');
		await tick(first);
		await tick(second);
		await page.locator('.quick-input-widget', { hasText: '2 Selected' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		await page.keyboard.press('Enter');
		await writePrompt('Describe this repository for the fleet');
		const pane = agentRunsPane(page);
		const fleet = pane.locator('.monaco-list-row', { hasText: 'Fleet: Describe this repository for the fleet' }).first();
		await until('the fleet reports both runs done', async () => /2 done · \$\d+\.\d\d/.test(await fleet.innerText().catch(() => '')));
		await screenshot('agent-fleet-finished');
		const description = await page.locator('.part.sidebar .pane-header', { hasText: 'Agent Runs' }).first().locator('.description').innerText();
		assert.match(description, /^Today \$\d+\.\d\d · \d+ runs? · /, `the header shows today's spend: ${description}`);
	});
});

describe('Agents page of the dashboard', () => {
	/** The dashboard's frame once it shows the Agents page with its prompt box. */
	async function agentsPage() {
		await runCommand('Meta GOTHIC: Open Dashboard: Agents');
		const frame = await findFrameWith('[data-testid="dashboard"][data-page="agents"] [data-testid="agent-start-form"]');
		await frame.locator('[data-testid="agent-target"]').first().waitFor({ state: 'visible', timeout: WAIT_MS });
		return frame;
	}

	/** Writes `prompt` in the prompt box, ticks `name` alone and presses Start. */
	async function startRun(frame, name, prompt) {
		const page = session.page;
		const box = frame.locator('[data-testid="agent-prompt"] textarea');
		await box.click();
		// The page keeps the repositories chosen for the last run: Escape empties the box, then the choice.
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
		await until('no repository is chosen', async () => (await frame.locator('[data-testid="agent-targets"] legend').innerText()).includes('(0 selected)'));
		await page.keyboard.type(prompt);
		await frame.locator(`[data-testid="agent-target"][data-path$="/${name}"]`).click();
		await until(`only ${name} is chosen`, async () => (await frame.locator('[data-testid="agent-targets"] legend').innerText()).includes('(1 selected)'));
		// The keyboard, as a person would from the button: Tab to it, then Enter.
		await frame.locator('[data-testid="agent-start"]').focus();
		await page.keyboard.press('Enter');
	}

	afterEach(screenshotFailures(0));

	it('a run started from the prompt box streams Claude\'s text into its transcript', async () => {
		const name = session.submodules[0];
		const frame = await agentsPage();
		const before = await frame.locator('[data-testid="agent-run"]').count();
		await startRun(frame, name, `Summarise this repository from the dashboard${heldUntil('dashboard-run')}`);
		// The new run opens by itself, at the top.
		const run = frame.locator('[data-testid="agent-run"]', { hasText: 'Summarise this repository from the dashboard' }).first();
		await run.waitFor({ state: 'visible', timeout: WAIT_MS });
		const transcript = run.locator('[data-testid="agent-transcript"]');
		const texts = () => transcript.locator('[data-testid="agent-text"]').allInnerTexts().catch(() => []);
		// Held after Claude's first turn: its text is in the transcript while the run goes on.
		await until('Claude\'s first message shows in the running transcript', async () => (await texts()).some((t) => t.includes('Let me look at the repository first')));
		assert.equal(await run.getAttribute('data-status'), 'RUNNING', 'the run is still going');
		await openClaudeGate('dashboard-run');
		await until('the run has succeeded with its answer shown', async () => (await run.getAttribute('data-status').catch(() => '')) === 'SUCCEEDED' && (await texts()).some((t) => t.includes('I read the README')));
		await screenshot('dashboard-agents-run');
		assert.equal(await frame.locator('[data-testid="agent-run"]').count(), before + 1);
		assert.equal(await frame.locator('[data-testid="agent-run"]').first().getAttribute('data-run-id'), await run.getAttribute('data-run-id'), 'the newest run is listed first');
		assert.equal(await transcript.locator('[data-testid="agent-tool"][data-tool="Read"]').count(), 1, 'the Read call is folded in the transcript');
		assert.match(await run.locator('[data-testid="agent-run-facts"]').innerText(), /^\$\d+\.\d{4} · 2 turns · \d+s$/);
	});

	it('another run is cancelled from its row while it works', async () => {
		const name = session.submodules[1];
		const frame = await agentsPage();
		await startRun(frame, name, 'Keep working until cancelled, from the dashboard');
		const run = frame.locator('[data-testid="agent-run"]', { hasText: 'Keep working until cancelled, from the dashboard' }).first();
		await frame.locator('[data-testid="agent-run"][data-status="RUNNING"]', { hasText: 'Keep working until cancelled, from the dashboard' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		await run.locator('[data-testid="agent-cancel"]').click();
		await until('the run is cancelled', async () => (await run.getAttribute('data-status').catch(() => '')) === 'CANCELLED');
		assert.match(await run.locator('.run-state').innerText(), /cancelled/);
		assert.equal(await run.locator('[data-testid="agent-retry"]').count(), 1, 'a cancelled run can be retried');
		await screenshot('dashboard-agents-cancelled');
	});

	it('a tool the run was not allowed is asked in a notification; Allow Once lets it run and the run succeeds', async () => {
		const page = session.page;
		const name = session.submodules[2];
		// Outside the workspace: the run's Bash call is what creates it, once allowed.
		const marker = join(mkdtempSync(join(session.runDir ?? tmpdir(), 'permission-')), 'allowed-once');
		const frame = await agentsPage();
		await startRun(frame, name, `Create the permission marker ${marker}`);
		const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'asks for a tool it was not allowed' }).first();
		await toast.waitFor({ state: 'visible', timeout: WAIT_MS });
		assert.match(await toast.innerText(), new RegExp(`the agent in ${name} asks`));
		assert.ok(!existsSync(marker), 'nothing ran before the answer');
		await screenshot('agent-permission-notification');
		await toast.locator('.monaco-button', { hasText: 'Allow Once' }).click();
		const run = frame.locator('[data-testid="agent-run"]', { hasText: 'Create the permission marker' }).first();
		await until('the run succeeds once allowed', async () => (await run.getAttribute('data-status').catch(() => '')) === 'SUCCEEDED');
		assert.ok(existsSync(marker), 'the allowed command ran');
	});
});
