/**
 * A meta-repository whose repositories' `origin` remotes point at github.com, and the same
 * repositories on the GitHub stand-in with workflows and runs, for tests that go through the
 * whole graph: real git, real HTTP, the stand-in playing github.com through the API URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CreateGatewayOptions, type MetaGothicGraph, createGateway } from '../../../src/api';
import { UnavailableAgentRuns } from '../../../src/schema/unavailableSources';
import { createMetaRepo, type MetaRepo } from '../../support/createMetaRepo';
import type { GitHubStandIn, RepoHandle, WorkflowHandle } from '../../support/github';
import { TestRepo } from '../../support/repoBuilder';
import { TOKEN } from './helpers';

/** The `workflow_dispatch` workflow of `acme/api`: a choice and a boolean input. */
export const DEPLOY_YAML = `name: Deploy
on:
  workflow_dispatch:
    inputs:
      environment:
        type: choice
        options: [staging, production]
        required: true
      dry_run:
        type: boolean
        default: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
`;

/** The local checkout: which repository is which. */
export interface LocalMeta {
	readonly dir: string;
	readonly meta: MetaRepo;
	/** Local path by GitHub name: meta, core, ui, api, auth, crypto. */
	readonly paths: Readonly<Record<'meta' | 'core' | 'ui' | 'api' | 'auth' | 'crypto' | 'legacy', string>>;
	dispose(): void;
}

/** Builds the meta-repository and points every `origin` at `https://github.com/acme/<name>.git`. */
export function createLocalMeta(): LocalMeta {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'meta-gothic-gh-'));
	const meta = createMetaRepo(dir);
	const paths = { meta: meta.root, ...meta.submodules };
	for (const [name, at] of Object.entries(paths)) {
		if (name !== 'legacy') {
			TestRepo.open(meta.sandbox, at).git('remote', 'set-url', 'origin', `https://github.com/acme/${name}.git`);
		}
	}
	return { dir, meta, paths, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The stand-in's side: handles of what the tests act on. */
export interface RemoteMeta {
	readonly repos: Readonly<Record<'meta' | 'core' | 'ui' | 'api' | 'auth' | 'crypto', RepoHandle>>;
	readonly ci: Readonly<Record<'meta' | 'core' | 'ui' | 'api' | 'auth' | 'crypto', WorkflowHandle>>;
	readonly deploy: WorkflowHandle;
}

/**
 * The same repositories on the stand-in, each with a finished CI run an hour old: `core`'s
 * failed, the rest succeeded. `ui` has no runs at all. `api` also has the Deploy workflow.
 */
export function populateStandIn(gh: GitHubStandIn): RemoteMeta {
	const names = ['meta', 'core', 'ui', 'api', 'auth', 'crypto'] as const;
	const repos = {} as Record<(typeof names)[number], RepoHandle>;
	const ci = {} as Record<(typeof names)[number], WorkflowHandle>;
	for (const name of names) {
		repos[name] = gh.addRepo({ owner: 'acme', name });
		ci[name] = gh.addWorkflow(repos[name], {
			path: '.github/workflows/ci.yml',
			name: 'CI',
			jobs: [
				{ name: 'lint', steps: [{ name: 'eslint', durationMs: 1000 }] },
				{ name: 'test', steps: [{ name: 'setup', durationMs: 1000 }, { name: 'mocha', durationMs: 2000, outcome: name === 'core' ? 'failure' : 'success', retryOutcome: 'success' }] },
			],
		});
		if (name !== 'ui') {
			gh.addRun(repos[name], { workflow: ci[name], ageMs: 3_600_000 });
		}
	}
	const deploy = gh.addWorkflow(repos.api, { path: '.github/workflows/deploy.yml', yaml: DEPLOY_YAML, jobs: [{ name: 'deploy', steps: [{ name: 'deploy.sh', durationMs: 2000 }] }] });
	return { repos, ci, deploy };
}

/** Log lines the graph's GitHub client wrote. */
export type LogLines = string[];

/** A gateway over the local meta-repository with GitHub on the stand-in, polling every `fastMs`. */
export async function graphFor(local: LocalMeta, gh: GitHubStandIn | { url: string }, lines: LogLines, options: { fastMs?: number; idleMs?: number; token?: string } & Partial<CreateGatewayOptions> = {}): Promise<MetaGothicGraph> {
	const { fastMs, idleMs, token, ...rest } = options;
	return createGateway({
		roots: [local.meta.root],
		gitEnv: local.meta.sandbox.env,
		githubToken: token ?? TOKEN,
		githubApiUrl: gh.url,
		github: {
			fastIntervalMs: fastMs ?? 40,
			idleIntervalMs: idleMs ?? 60_000,
			client: {
				retryUnitMs: 5,
				writeSpacingMs: 0,
				log: { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) },
			},
		},
		// Agent runs are another domain: keep their history out of the user's cache.
		agentRuns: new UnavailableAgentRuns('not under test'),
		...rest,
	});
}
