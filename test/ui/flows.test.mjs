// Fix with Claude end to end, as a person meets it: a run fails on GitHub (the stand-in), the
// person clicks Fix with Claude on it in the Workflows view, lets it work in a worktree of its own,
// reviews the agent's edit in the diff editor, accepts it, and the commit is pushed to the
// submodule's remote, whose hook tells the stand-in, which starts CI on the pushed branch; the new
// run turns green in the view with no refresh, and a notification says the fix passes CI. The agent is the real `claude` CLI against the
// Messages API stand-in, which answers a fix prompt by writing FIX_FILE (test/support/claude/demoReplies.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, afterEach, before, describe, it } from 'mocha';
import { clickInlineAction, screenshot, screenshotFailures, session, until, WAIT_MS } from './session.mjs';
import { focusWorkflowsPane, iconState, quickInputTitled, restorePanes, workflowRow } from './workflowsView.mjs';

/** The file the stand-in's agent writes for a fix (FIX_FILE of test/support/claude/demoReplies.ts). */
const FIX_FILE = 'cache.config.js';

function git(cwd, ...args) {
	return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Asks the GitHub stand-in for a run, as a CI failure on GitHub would bring one; answers `{ id, runNumber }`. */
async function arrangeRun(body) {
	const res = await fetch(new URL('/_stand-in/runs', session.github.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await res.text();
	assert.equal(res.status, 201, `the stand-in took the run: ${text}`);
	return JSON.parse(text);
}

describe('Fix with Claude', () => {
	let page;
	// The last submodule: clean in the workspace, and no suite before this one fails its runs.
	const name = session.submodules?.at(-1);
	const checkout = () => `${session.workspace}/${name}`;
	const remote = () => session.upstreams.find((u) => u.repository.endsWith(`/${name}`)).dir;

	before(async () => {
		page = session.page;
		await focusWorkflowsPane();
	});

	after(restorePanes);

	afterEach(screenshotFailures());

	it('a failed run → Fix with Claude → the edit in a diff → Accept → commit and push → CI runs on the push and turns green', async function () {
		// Every step waits for a state; together they wait for a real agent and two CI runs.
		this.timeout(WAIT_MS * 8);
		const before = { head: git(checkout(), 'rev-parse', 'HEAD'), status: git(checkout(), 'status', '--porcelain') };
		// The failure is at the commit before the checkout's: the fix needs a checkout of its own.
		const failedSha = git(checkout(), 'rev-parse', 'HEAD~1');
		const failed = await arrangeRun({
			repository: `acme/${name}`,
			workflow: 'ci.yml',
			headSha: failedSha,
			displayTitle: 'Connect to the cache at start-up',
			queuedMs: 200,
			jobs: [{ name: 'build', steps: [{ name: 'Run tests', durationMs: 300, outcome: 'failure', log: ['npm test', '  ✓ 41 passing', '  1) timeout in "connects to the cache"'] }] }],
		});
		const failedLabel = `${name} · CI #${failed.runNumber}`;
		await until(`${failedLabel} shows failed`, async () => (await iconState(workflowRow(page, failedLabel))) === 'failure', WAIT_MS * 2);

		await clickInlineAction(() => workflowRow(page, failedLabel), 'Fix with Claude');
		// The checkout is elsewhere: it asks before making a worktree, and the user's checkout is not touched.
		const dialog = page.locator('.monaco-dialog-box', { hasText: 'Fix it in a new worktree?' });
		await dialog.waitFor({ state: 'visible', timeout: WAIT_MS });
		assert.match(await dialog.innerText(), new RegExp(`fix/ci-${failed.runNumber}`), 'it names the branch the fix gets');
		await dialog.locator('.monaco-button', { hasText: 'Create Worktree' }).click();

		// The agent works, then its edit opens in the diff editor, and the review asks what to do.
		const diffTab = page.locator('.tabs-container .tab', { hasText: `${FIX_FILE} (Fix of CI #${failed.runNumber})` }).first();
		await diffTab.waitFor({ state: 'visible', timeout: WAIT_MS * 2 });
		const modified = page.locator('.part.editor .monaco-diff-editor .editor.modified .view-lines').first();
		await until('the diff shows the agent\'s edit', async () => /cacheConnectTimeoutMs/.test(await modified.textContent().catch(() => '')));
		await quickInputTitled(page, `Fix of CI #${failed.runNumber}`);
		await screenshot('fix-with-claude-review');
		const picks = page.locator('.quick-input-widget .monaco-list-row .label-name:visible');
		assert.deepEqual(await picks.allInnerTexts(), ['Accept', 'Continue', 'Discard']);
		await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Accept' }).first().click();

		// Accept asks for the commit message, prefilled from the failure, which the user can edit.
		await quickInputTitled(page, `Commit the fix of CI #${failed.runNumber}`);
		const message = page.locator('.quick-input-widget input').first();
		assert.equal(await message.inputValue(), `Fix CI #${failed.runNumber}: build (Run tests)`);
		await message.fill('Give the cache connection longer on CI');
		await page.keyboard.press('Enter');
		const pushedToast = page.locator('.notifications-toasts .notification-toast', { hasText: 'pushed it' }).first();
		await pushedToast.waitFor({ state: 'visible', timeout: WAIT_MS });
		await until('the review\'s diff closes with the worktree it showed', async () => (await diffTab.count()) === 0);

		// The branch reached the remote with the fix on the run's commit…
		const branch = `fix/ci-${failed.runNumber}`;
		assert.equal(git(remote(), 'log', '-1', '--format=%s', branch), 'Give the cache connection longer on CI');
		assert.equal(git(remote(), 'rev-parse', `${branch}~1`), failedSha, 'the fix sits on the failed run\'s commit');
		assert.deepEqual(git(remote(), 'diff-tree', '--no-commit-id', '--name-only', '-r', branch).split('\n'), [FIX_FILE]);
		// …the user's checkout is as it was…
		assert.deepEqual({ head: git(checkout(), 'rev-parse', 'HEAD'), status: git(checkout(), 'status', '--porcelain') }, before);

		// …and the push started CI on the branch, which the view follows to green without a refresh.
		const rerunLabel = `${name} · CI #${failed.runNumber + 1}`;
		await until(`the push's run ${rerunLabel} appears on ${branch}`, async () => (await workflowRow(page, rerunLabel).innerText().catch(() => '')).includes(branch), WAIT_MS * 2);
		await until(`${rerunLabel} turns green`, async () => (await iconState(workflowRow(page, rerunLabel))) === 'success', WAIT_MS * 2);
		// Wherever the user is by then, a notification says the fix passes.
		const passed = page.locator('.notifications-toasts .notification-toast', { hasText: `The fix of CI #${failed.runNumber} in ${name} passes CI` }).first();
		await passed.waitFor({ state: 'visible', timeout: WAIT_MS });
		await screenshot('fix-with-claude-green');
	});
});
