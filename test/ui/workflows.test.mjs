// A person follows every repository's GitHub Actions runs in the Workflows view, starts a workflow
// from the palette answering its typed inputs, watches the run go green without refreshing, cancels
// a running build, re-runs a failed one and reads a job's log. GitHub is the stand-in of
// test/support/standIns.ts, seeded by seedDemoGitHub: the workspace's `upstream` remotes name its
// acme/<name> repositories.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import { clickInlineAction, runCommand, screenshot, screenshotFailures, session, until, WAIT_MS } from './session.mjs';
import { focusWorkflowsPane, iconState, quickInputTitled, restorePanes, workflowRow as row, workflowsPane } from './workflowsView.mjs';

/** A repository's row (its label is the repository name, its description owner/name). */
function repositoryRow(page, name) {
	return workflowsPane(page).locator('.monaco-list-row[aria-level="1"]', { hasText: `acme/${name}` }).first();
}

/** A run row under an expanded repository's workflow (tree level 3), e.g. `CI #3`. */
function nestedRun(page, label) {
	return workflowsPane(page).locator('.monaco-list-row[aria-level="3"]', { hasText: label }).first();
}

async function pickInQuickInput(page, text) {
	const input = page.locator('.quick-input-widget input').first();
	await input.waitFor({ state: 'visible', timeout: WAIT_MS });
	await input.fill(text);
	await page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
	await page.keyboard.press('Enter');
}

describe('Workflows', () => {
	let page;
	let dispatched;
	// As seedDemoGitHub arranges them: the second repository's latest run failed, the third has a
	// pull request build running; the fourth is left to dispatch in.
	const [, failedRepo, runningRepo, dispatchRepo] = ['meta', ...(session.submodules ?? [])];

	before(async () => {
		page = session.page;
		// The whole sidebar for the Workflows view: its tree grows as runs are expanded.
		await focusWorkflowsPane();
	});

	after(restorePanes);

	afterEach(screenshotFailures());

	it('shows recent runs of the parent and of each submodule\'s own GitHub repository, with their states', async () => {
		const [failed, running] = [failedRepo, runningRepo];
		await until('the recent runs of several repositories are listed', async () => (await row(page, `${failed} · CI`).count()) > 0 && (await row(page, 'meta · ').count()) > 0);
		assert.equal(await iconState(row(page, `${failed} · CI #3`)), 'failure', `${failed}'s latest run failed`);
		// A pull request build on another branch is among the recent runs without asking…
		await until(`${running}'s pull request build spins among the recent runs`, async () => (await iconState(row(page, `${running} · CI #3`))) === 'running');
		// …and under its repository's workflow.
		await repositoryRow(page, running).click();
		await workflowsPane(page).locator('.monaco-list-row[aria-level="2"]', { hasText: /^\s*CI/ }).first().click();
		await until(`${running}'s pull request build spins`, async () => (await iconState(nestedRun(page, 'CI #3'))) === 'running');
		assert.match(await nestedRun(page, 'CI #3').innerText(), /feature\/login/);
		await screenshot('workflows');
	});

	it('"Run Workflow…" asks for each typed input, and the new run appears and turns green without a refresh', async () => {
		await runCommand('Meta GOTHIC: Run Workflow', 'Meta GOTHIC: Run Workflow…');
		await quickInputTitled(page, 'Run a workflow in');
		await pickInQuickInput(page, dispatchRepo);
		// CI is its only workflow with a workflow_dispatch trigger, so there is no workflow to pick.
		await quickInputTitled(page, 'Run the workflow on');
		await pickInQuickInput(page, 'main');
		// A boolean input is a pick between true and false, its default first; a choice lists its options.
		await quickInputTitled(page, '(1/2)');
		assert.deepEqual(await page.locator('.quick-input-widget .monaco-list-row .label-name:visible').allInnerTexts(), ['false', 'true']);
		await pickInQuickInput(page, 'true');
		await quickInputTitled(page, '(2/2)');
		assert.deepEqual(await page.locator('.quick-input-widget .monaco-list-row .label-name:visible').allInnerTexts(), ['staging', 'production']);
		await screenshot('workflow-dispatch-choice');
		await pickInQuickInput(page, 'production');

		dispatched = `${dispatchRepo} · CI #3`;
		const started = Date.now();
		await until('the dispatched run appears', async () => (await row(page, dispatched).count()) > 0);
		const appearedMs = Date.now() - started;
		await until('the dispatched run turns green', async () => (await iconState(row(page, dispatched))) === 'success', WAIT_MS * 2);
		console.log(`      the run appeared ${appearedMs} ms after the dispatch and was green after ${Date.now() - started} ms`);
		assert.match(await row(page, dispatched).innerText(), /workflow dispatch/);
	});

	it('cancels a running build from its inline action', async () => {
		const running = row(page, `${runningRepo} · CI #3`);
		assert.equal(await iconState(running), 'running', `${runningRepo}'s pull request build is still running`);
		await clickInlineAction(running, 'Cancel Workflow Run');
		await until('the build shows cancelled', async () => (await iconState(row(page, `${runningRepo} · CI #3`))) === 'cancelled');
		assert.equal(await iconState(nestedRun(page, 'CI #3')), 'cancelled', 'and under its repository');
	});

	it('re-runs only the failed jobs of a red run, which then passes, and the status bar health follows', async () => {
		// The workspace health in the status bar counts the red run as an error…
		const health = page.locator('.statusbar-item', { hasText: /repositories/ }).first();
		await until('the status bar counts the failed run', async () => /error/.test(await health.innerText().catch(() => '')));
		const failed = row(page, `${failedRepo} · CI #3`);
		await clickInlineAction(failed, 'Re-run Failed Jobs');
		await until('the re-run turns green', async () => (await iconState(row(page, `${failedRepo} · CI #3`))) === 'success', WAIT_MS * 2);
		// …and drops it once the run is green, with no refresh.
		await until('the status bar no longer counts an error', async () => !/error/.test(await health.innerText().catch(() => 'error')));
	});

	it('opens a job\'s log in a read-only editor', async () => {
		// The parent's green run from hours ago: there from the start, whatever the tests before did.
		const run = row(page, 'meta · CI #2');
		await run.waitFor({ state: 'visible', timeout: WAIT_MS });
		if ((await run.getAttribute('aria-expanded')) !== 'true') await run.click();
		// Its first job, the row just below it (other runs may be expanded too, with jobs of the same name).
		// Read again at each try: a run appearing above it moves both rows down.
		const job = async () => workflowsPane(page).locator(`.monaco-list-row[data-index="${Number(await run.getAttribute('data-index')) + 1}"]`);
		await until('the run shows its build job', async () => /^\s*build/.test(await (await job()).innerText().catch(() => '')));
		await clickInlineAction(job, 'View Job Log');
		const editor = page.locator('.part.editor .monaco-editor .view-lines').first();
		// Monaco draws spaces as no-break spaces, which \s matches.
		await until('the log shows the test step', async () => /42\s+passing/.test(await editor.textContent().catch(() => '')));
		assert.match(await page.locator('.tabs-container .tab.active').innerText(), /build/, 'the tab names the job');
		await screenshot('workflow-job-log');
		// Read-only: typing changes nothing.
		await editor.click();
		await page.keyboard.type('x');
		assert.doesNotMatch(await page.locator('.tabs-container .tab.active').innerText(), /●/);
	});
});
