// Restricted mode, as a person meets it: VS Code asks whether to trust a folder it has not seen,
// and until the person says yes Meta GOTHIC must start no git and no claude process (a
// repository's own configuration can make git run programs). The other suites run with workspace
// trust switched off, so this one starts a code-server of its own with trust on.
//
// git and claude are wrappers named in the machine settings (both settings are machine-scoped,
// and restricted settings are read from there in restricted mode): each records its argv in a file before it runs the real
// program, so "no process started" is proven for processes of any length, not only for those the
// process table happens to catch.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { repoRoot } from '../support/codeServer.mjs';
import { SUBMODULES } from '../support/miniWorkspace.mjs';
import { processTable } from '../demo/processes.mjs';
import { openOwnWindow, screenshot, session, until, WAIT_MS } from './session.mjs';

/** Writes an executable wrapper that appends its argv to `log`, then runs `target`. */
function recordingWrapper(file, target, log) {
	writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${target}' "$@"\n`);
	chmodSync(file, 0o755);
	return file;
}

/** Every process below `rootPid` whose argv starts with one of the given programs. */
function descendantsRunning(rootPid, programs) {
	const table = processTable();
	const below = new Set([rootPid]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const p of table.values()) {
			if (!below.has(p.pid) && below.has(p.ppid)) {
				below.add(p.pid);
				grew = true;
			}
		}
	}
	return [...table.values()].filter((p) => below.has(p.pid) && p.pid !== rootPid && programs.some((program) => p.cmdline.startsWith(program)));
}

describe('Workspace trust', () => {
	let window;
	let page;
	let server;
	let gitLog;
	let claudeLog;
	let gitWrapper;
	let claudeWrapper;

	before(async () => {
		window = await openOwnWindow({
			name: 'trust',
			workspaceTrust: true,
			settings: {
				'security.workspace.trust.enabled': true,
				// The banner and the trust editor, not the modal: the modal would answer for the person.
				'security.workspace.trust.startupPrompt': 'never',
				'security.workspace.trust.banner': 'always',
				'metaGothic.github.pauseWhenUnfocused': false,
			},
			machineSettings: (dir) => {
				gitLog = join(dir, 'git-invocations.log');
				claudeLog = join(dir, 'claude-invocations.log');
				gitWrapper = recordingWrapper(join(dir, 'git-recorded'), '/usr/bin/git', gitLog);
				claudeWrapper = recordingWrapper(join(dir, 'claude-recorded'), join(repoRoot, 'node_modules', '.bin', 'claude'), claudeLog);
				return { 'metaGothic.git.path': gitWrapper, 'metaGothic.claude.path': claudeWrapper };
			},
			env: { META_GOTHIC_GITHUB_API_URL: session.github.url, META_GOTHIC_GITHUB_TOKEN: session.github.token },
		});
		({ page, server } = window);
	});

	after(async () => {
		await window?.close();
	});

	const pane = (title) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: title }) }).first();

	it('in restricted mode shows why each view is empty and starts no git or claude process', async () => {
		const item = page.locator('.part.activitybar .action-item [aria-label^="Meta GOTHIC"], .part.activitybar .action-item[aria-label^="Meta GOTHIC"]').first();
		await item.waitFor({ state: 'visible', timeout: WAIT_MS });
		await item.click();
		const repositories = pane('Repositories');
		await until('the Repositories view says it runs no git command untrusted', async () => /runs no git command in an untrusted workspace/.test(await repositories.innerText().catch(() => '')));
		await until('the Agent Runs view says agent runs are disabled', async () => /disabled in an untrusted workspace/.test(await pane('Agent Runs').innerText().catch(() => '')));
		// The extension has been active all along: its Restricted Mode states come from its own views.
		await screenshot('trust-restricted');
		assert.deepEqual(descendantsRunning(server.pid, [gitWrapper, '/usr/bin/git', claudeWrapper]), [], 'no git or claude process below the server');
		assert.equal(existsSync(gitLog), false, `git was started in restricted mode: ${existsSync(gitLog) ? readFileSync(gitLog, 'utf8') : ''}`);
		assert.equal(existsSync(claudeLog), false, `claude was started in restricted mode: ${existsSync(claudeLog) ? readFileSync(claudeLog, 'utf8') : ''}`);
	});

	it('trusting the folder mid-session brings the repositories in without a reload', async () => {
		const repositories = pane('Repositories');
		// The view's own link, as a person would follow it.
		await repositories.getByRole('button', { name: 'Manage Workspace Trust' }).first().click({ timeout: WAIT_MS });
		const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
		await trust.waitFor({ state: 'visible', timeout: WAIT_MS });
		await trust.click();
		await until('the trust editor says the folder is trusted', async () => /You trust this folder/.test(await page.locator('.workspace-trust-editor').innerText().catch(() => '')));
		// It opens over the side bar: close it to see the views again.
		await page.keyboard.press('Escape');
		if ((await page.locator('.workspace-trust-editor').count()) > 0) await page.locator('.workspace-trust-editor').first().click().then(() => page.keyboard.press('Escape'));
		await until('the Repositories view lists the submodules', async () => {
			const labels = await repositories.locator('.monaco-list-row .label-name').allInnerTexts().catch(() => []);
			const clean = repositories.locator('.monaco-list-row[aria-expanded="false"]', { hasText: /^Clean/ });
			if ((await clean.count()) > 0) await clean.first().click().catch(() => {});
			return SUBMODULES.every((name) => labels.includes(name));
		});
		await screenshot('trust-granted');
		assert.ok(existsSync(gitLog) && readFileSync(gitLog, 'utf8').trim().length > 0, 'git ran once the folder was trusted');
	});
});
