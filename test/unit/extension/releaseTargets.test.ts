import { strict as assert } from 'node:assert';
import type { ReleaseTargets } from '../../../src/extension/packages/packagesQueries';
import { releaseTargets } from '../../../src/extension/packages/releaseTargets';

type Repo = ReleaseTargets['repositories'][number];
const workflow = (name: string, path: string, dispatch = true) => ({ name, path, dispatchInputs: dispatch ? [] : null });
const repo = (path: string, workflows: ReturnType<typeof workflow>[] | null): Repo => ({ path, name: path.slice(1), branch: 'main', github: workflows && { owner: 'acme', name: path.slice(1), workflows } });
const step = (order: number, name: string, repoPath: string, nextVersion: string | null) => ({ order, nextVersion, package: { name, version: '1.0.0', repository: { path: repoPath } } });

describe('the repositories Dispatch Release Workflow offers', () => {
	it('in plan order: those with a planned package and a release or publish workflow that can be run by hand', () => {
		const data: ReleaseTargets = {
			releasePlan: {
				steps: [step(1, '@acme/core', '/core', '2.0.1'), step(2, '@acme/cli', '/tools', '0.2.0'), step(3, '@acme/lint', '/tools', '0.1.1'), step(4, 'web', '/web', null), step(5, 'ui', '/ui', '1.0.1'), step(6, 'nogh', '/nogh', '1.0.1')],
			},
			repositories: [
				repo('/ui', [workflow('Publish to npm', '.github/workflows/npm.yml')]),
				repo('/core', [workflow('CI', '.github/workflows/ci.yml'), workflow('Release', '.github/workflows/release.yml'), workflow('Publish docs', '.github/workflows/docs.yml', false)]),
				repo('/tools', [workflow('Ship', '.github/workflows/publish-packages.yml')]),
				repo('/web', [workflow('Release', '.github/workflows/release.yml')]),
				repo('/nogh', null),
			],
		};
		assert.deepEqual(
			releaseTargets(data).map((t) => [t.repositoryName, t.packages.join(' '), t.workflows.map((w) => w.path).join(' ')]),
			[
				['core', '@acme/core@2.0.1', '.github/workflows/release.yml'],
				['tools', '@acme/cli@0.2.0 @acme/lint@0.1.1', '.github/workflows/publish-packages.yml'],
				['ui', 'ui@1.0.1', '.github/workflows/npm.yml'],
			],
		);
	});
});
