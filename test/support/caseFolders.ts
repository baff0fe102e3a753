import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { createGitSandbox, type GitSandbox } from './repoBuilder';

/** What {@link useCaseFolders} hands a suite: read its fields inside hooks and tests. */
export interface CaseFolders {
	/** The suite's git sandbox (isolated config and identity). */
	readonly sandbox: GitSandbox;
	/** An empty folder of the current test, `case-<n>` inside the sandbox. */
	readonly root: string;
}

/**
 * Call inside a mocha `describe`: one git sandbox for the suite, removed after it, and a fresh
 * folder for each test, so tests never see each other's repositories. Its `beforeEach` runs
 * before the suite's own (mocha runs hooks in the order they are registered).
 */
export function useCaseFolders(): CaseFolders {
	let sandbox: GitSandbox | undefined;
	let root = '';
	let index = 0;
	before(() => {
		sandbox = createGitSandbox();
	});
	after(() => sandbox?.dispose());
	beforeEach(() => {
		root = path.join(sandbox!.dir, `case-${++index}`);
		mkdirSync(root);
	});
	return {
		get sandbox() {
			return sandbox!;
		},
		get root() {
			return root;
		},
	};
}
