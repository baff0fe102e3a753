// Repositories of a suite's own, made with real git inside the open workspace (so the extension
// discovers them as nested repositories) and kept out of the parent's status through its
// .git/info/exclude, so the other suites still see the generated workspace as it was. Their
// remotes are bare repositories outside the workspace.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The workspace folder every fixture folder goes under. */
export const FIXTURES_FOLDER = 'cmd-fixtures';

const IDENTITY = ['-c', 'user.name=Meta GOTHIC Tests', '-c', 'user.email=tests@meta-gothic.invalid'];

/** Runs git in `cwd` with a fixed identity (code-server's HOME has none) and returns its output, trimmed. */
export function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', [...IDENTITY, '-c', 'init.defaultBranch=main', '-c', 'protocol.file.allow=always', ...args], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
	}).trim();
}

/** Writes `file` in `repo` and commits it. */
export function commitFile(repo: string, file: string, content: string, message: string): string {
	writeFileSync(path.join(repo, file), content);
	git(repo, 'add', '--', file);
	git(repo, 'commit', '-q', '-m', message);
	return git(repo, 'rev-parse', 'HEAD');
}

/** One suite's fixtures: a folder in the workspace, one outside it for the remotes. */
export class FixtureRepos {
	/** `<workspace>/cmd-fixtures/<suite>`: the repositories the extension sees. */
	readonly folder: string;
	/** Outside the workspace: bare remotes and other people's clones. */
	readonly outside: string;

	constructor(
		readonly workspace: string,
		suite: string,
	) {
		this.folder = path.join(workspace, FIXTURES_FOLDER, suite);
		this.outside = mkdtempSync(path.join(os.tmpdir(), `mg-${suite}-`));
		const exclude = path.join(workspace, '.git', 'info', 'exclude');
		mkdirSync(path.dirname(exclude), { recursive: true });
		if (!(existsSync(exclude) ? readFileSync(exclude, 'utf8') : '').split('\n').includes(`/${FIXTURES_FOLDER}/`)) {
			appendFileSync(exclude, `\n/${FIXTURES_FOLDER}/\n`);
		}
		mkdirSync(this.folder, { recursive: true });
	}

	/** A bare repository outside the workspace with one commit on `main`, as a remote. */
	bareRemote(name: string): string {
		const seed = path.join(this.outside, `${name}-seed`);
		mkdirSync(seed);
		git(seed, 'init', '-q');
		commitFile(seed, 'README.md', `# ${name}\n`, `${name}: initial commit`);
		const bare = path.join(this.outside, `${name}.git`);
		git(this.outside, 'clone', '-q', '--bare', seed, bare);
		rmSync(seed, { recursive: true, force: true });
		return bare;
	}

	/** A clone of `remote` in the workspace, tracking its `main`, with the identity its commits need. */
	clone(remote: string, name: string): string {
		const repo = path.join(this.folder, name);
		git(this.folder, 'clone', '-q', remote, repo);
		git(repo, 'config', 'user.name', 'Meta GOTHIC Tests');
		git(repo, 'config', 'user.email', 'tests@meta-gothic.invalid');
		return repo;
	}

	/** Someone else's clone of `remote`, outside the workspace, to push from. */
	elsewhere(remote: string, name: string): string {
		const repo = path.join(this.outside, `${name}-elsewhere`);
		git(this.outside, 'clone', '-q', remote, repo);
		return repo;
	}

	/** Lets the extension find the fixtures (a refresh discovers repositories again). */
	async discover(): Promise<void> {
		await vscode.commands.executeCommand('metaGothic.refresh');
	}

	/** Removes both folders and lets the extension forget the repositories. */
	async dispose(): Promise<void> {
		rmSync(this.folder, { recursive: true, force: true });
		rmSync(this.outside, { recursive: true, force: true });
		await vscode.commands.executeCommand('metaGothic.refresh');
	}
}
