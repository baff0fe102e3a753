/**
 * REST bodies in GitHub's shapes, built from stand-in records. Every field GitHub's OpenAPI
 * description requires is present; the server validates each body against it before sending.
 */
import { createHash } from 'node:crypto';
import type { JobView } from './timeline';
import type { GitHubState, RepoRecord, RunRecord, WorkflowRecord } from './state';

/** Where the stand-in lives: API root (no trailing slash) and the root of its "web" pages. */
export interface Urls {
	readonly api: string;
	readonly html: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const nodeId = (kind: string, id: number) => Buffer.from(`${kind}${id}`).toString('base64');

/** The account every repository and run belongs to in the stand-in's eyes. */
export function simpleUser(urls: Urls, login: string, id = 583231) {
	const api = `${urls.api}/users/${login}`;
	return {
		login,
		id,
		node_id: nodeId('04:User', id),
		avatar_url: `${urls.html}/avatars/${login}`,
		gravatar_id: '',
		url: api,
		html_url: `${urls.html}/${login}`,
		followers_url: `${api}/followers`,
		following_url: `${api}/following{/other_user}`,
		gists_url: `${api}/gists{/gist_id}`,
		starred_url: `${api}/starred{/owner}{/repo}`,
		subscriptions_url: `${api}/subscriptions`,
		organizations_url: `${api}/orgs`,
		repos_url: `${api}/repos`,
		events_url: `${api}/events{/privacy}`,
		received_events_url: `${api}/received_events`,
		type: 'User',
		user_view_type: 'public',
		site_admin: false,
	};
}

/** `GET /user` for the authenticated account. */
export function privateUser(urls: Urls, login: string) {
	return {
		...simpleUser(urls, login),
		user_view_type: 'private',
		name: 'The Octocat',
		company: null,
		blog: '',
		location: null,
		email: null,
		hireable: null,
		bio: null,
		twitter_username: null,
		notification_email: null,
		public_repos: 8,
		public_gists: 0,
		followers: 0,
		following: 0,
		created_at: '2011-01-25T18:44:36Z',
		updated_at: '2025-01-02T10:00:00Z',
		private_gists: 0,
		total_private_repos: 0,
		owned_private_repos: 0,
		disk_usage: 1024,
		collaborators: 0,
		two_factor_authentication: true,
		plan: { collaborators: 0, name: 'pro', space: 976562499, private_repos: 9999 },
	};
}

/** The fields `minimal-repository` requires: the repository's API URLs. */
export function minimalRepository(urls: Urls, repo: RepoRecord) {
	const api = `${urls.api}/repos/${repo.fullName}`;
	return {
		id: repo.id,
		node_id: nodeId('010:Repository', repo.id),
		name: repo.name,
		full_name: repo.fullName,
		owner: simpleUser(urls, repo.owner),
		private: repo.private,
		html_url: `${urls.html}/${repo.fullName}`,
		description: null,
		fork: false,
		url: api,
		archive_url: `${api}/{archive_format}{/ref}`,
		assignees_url: `${api}/assignees{/user}`,
		blobs_url: `${api}/git/blobs{/sha}`,
		branches_url: `${api}/branches{/branch}`,
		collaborators_url: `${api}/collaborators{/collaborator}`,
		comments_url: `${api}/comments{/number}`,
		commits_url: `${api}/commits{/sha}`,
		compare_url: `${api}/compare/{base}...{head}`,
		contents_url: `${api}/contents/{+path}`,
		contributors_url: `${api}/contributors`,
		deployments_url: `${api}/deployments`,
		downloads_url: `${api}/downloads`,
		events_url: `${api}/events`,
		forks_url: `${api}/forks`,
		git_commits_url: `${api}/git/commits{/sha}`,
		git_refs_url: `${api}/git/refs{/sha}`,
		git_tags_url: `${api}/git/tags{/sha}`,
		hooks_url: `${api}/hooks`,
		issue_comment_url: `${api}/issues/comments{/number}`,
		issue_events_url: `${api}/issues/events{/number}`,
		issues_url: `${api}/issues{/number}`,
		keys_url: `${api}/keys{/key_id}`,
		labels_url: `${api}/labels{/name}`,
		languages_url: `${api}/languages`,
		merges_url: `${api}/merges`,
		milestones_url: `${api}/milestones{/number}`,
		notifications_url: `${api}/notifications{?since,all,participating}`,
		pulls_url: `${api}/pulls{/number}`,
		releases_url: `${api}/releases{/id}`,
		stargazers_url: `${api}/stargazers`,
		statuses_url: `${api}/statuses/{sha}`,
		subscribers_url: `${api}/subscribers`,
		subscription_url: `${api}/subscription`,
		tags_url: `${api}/tags`,
		teams_url: `${api}/teams`,
		trees_url: `${api}/git/trees{/sha}`,
	};
}

/** `GET /repos/{owner}/{repo}`. */
export function fullRepository(urls: Urls, state: GitHubState, repo: RepoRecord) {
	const host = new URL(urls.html).host;
	const pushedAt = repo.runs.reduce((latest, run) => Math.max(latest, run.createdAt), repo.createdAt);
	return {
		...minimalRepository(urls, repo),
		git_url: `git://${host}/${repo.fullName}.git`,
		ssh_url: `git@${host}:${repo.fullName}.git`,
		clone_url: `${urls.html}/${repo.fullName}.git`,
		svn_url: `${urls.html}/${repo.fullName}`,
		mirror_url: null,
		homepage: null,
		language: 'TypeScript',
		forks_count: 0,
		forks: 0,
		stargazers_count: 0,
		watchers_count: 0,
		watchers: 0,
		size: 128,
		default_branch: repo.defaultBranch,
		open_issues_count: 0,
		open_issues: 0,
		is_template: false,
		topics: [],
		has_issues: true,
		has_projects: true,
		has_wiki: true,
		has_pages: false,
		has_downloads: true,
		has_discussions: false,
		archived: false,
		disabled: false,
		visibility: repo.private ? 'private' : 'public',
		pushed_at: iso(Math.min(pushedAt, state.now())),
		created_at: iso(repo.createdAt),
		updated_at: iso(repo.createdAt),
		permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
		allow_forking: true,
		web_commit_signoff_required: false,
		license: null,
		network_count: 0,
		subscribers_count: 1,
	};
}

/** A workflow. */
export function workflow(urls: Urls, repo: RepoRecord, wf: WorkflowRecord) {
	const html = `${urls.html}/${repo.fullName}`;
	return {
		id: wf.id,
		node_id: nodeId('08:Workflow', wf.id),
		name: wf.name,
		path: wf.path,
		state: wf.state,
		created_at: iso(wf.createdAt),
		updated_at: iso(wf.createdAt),
		url: `${urls.api}/repos/${repo.fullName}/actions/workflows/${wf.id}`,
		html_url: `${html}/blob/${repo.defaultBranch}/${wf.path}`,
		badge_url: `${html}/workflows/${encodeURIComponent(wf.name)}/badge.svg`,
	};
}

/** A workflow run as of the stand-in's clock. */
export function workflowRun(urls: Urls, state: GitHubState, run: RunRecord) {
	const view = state.view(run);
	const repo = run.repo;
	const api = `${urls.api}/repos/${repo.fullName}/actions/runs/${run.id}`;
	const attempt = run.attempts.length;
	const actor = simpleUser(urls, run.actor);
	const triggeringActor = run.triggeringActor === run.actor ? actor : simpleUser(urls, run.triggeringActor, 583232);
	return {
		id: run.id,
		name: run.workflow.name,
		node_id: run.nodeId,
		head_branch: run.branch,
		head_sha: run.headSha,
		path: run.workflow.path,
		display_title: run.displayTitle,
		run_number: run.runNumber,
		event: run.event,
		status: view.status,
		conclusion: view.conclusion,
		workflow_id: run.workflow.id,
		check_suite_id: run.checkSuiteId,
		check_suite_node_id: nodeId('010:CheckSuite', run.checkSuiteId),
		url: api,
		html_url: `${urls.html}/${repo.fullName}/actions/runs/${run.id}`,
		pull_requests: state.pullRequestsOf(run).map((pr) => ({
			id: pr.id,
			number: pr.number,
			url: `${urls.api}/repos/${repo.fullName}/pulls/${pr.number}`,
			head: { ref: pr.headBranch, sha: run.headSha, repo: { id: repo.id, url: `${urls.api}/repos/${repo.fullName}`, name: repo.name } },
			base: { ref: repo.defaultBranch, sha: repo.heads.get(repo.defaultBranch) ?? run.headSha, repo: { id: repo.id, url: `${urls.api}/repos/${repo.fullName}`, name: repo.name } },
		})),
		created_at: iso(run.createdAt),
		updated_at: iso(view.updatedAt),
		actor,
		triggering_actor: triggeringActor,
		run_attempt: attempt,
		referenced_workflows: [],
		run_started_at: iso(view.startedAt),
		jobs_url: `${api}/jobs`,
		logs_url: `${api}/logs`,
		check_suite_url: `${urls.api}/repos/${repo.fullName}/check-suites/${run.checkSuiteId}`,
		artifacts_url: `${api}/artifacts`,
		cancel_url: `${api}/cancel`,
		rerun_url: `${api}/rerun`,
		previous_attempt_url: attempt > 1 ? `${api}/attempts/${attempt - 1}` : null,
		workflow_url: `${urls.api}/repos/${repo.fullName}/actions/workflows/${run.workflow.id}`,
		head_commit: {
			id: run.headSha,
			tree_id: run.headSha.split('').reverse().join(''),
			message: run.displayTitle,
			timestamp: iso(run.createdAt),
			author: { name: 'Mona Lisa', email: 'mona@example.com' },
			committer: { name: 'Mona Lisa', email: 'mona@example.com' },
		},
		repository: minimalRepository(urls, repo),
		head_repository: minimalRepository(urls, repo),
	};
}

/** A job with its steps as of the stand-in's clock. */
export function job(urls: Urls, run: RunRecord, view: JobView) {
	const repo = run.repo;
	const record = view.record;
	const started = view.status !== 'queued';
	return {
		id: record.id,
		run_id: run.id,
		run_url: `${urls.api}/repos/${repo.fullName}/actions/runs/${run.id}`,
		run_attempt: record.attempt,
		node_id: nodeId('08:CheckRun', record.id),
		head_sha: run.headSha,
		url: `${urls.api}/repos/${repo.fullName}/actions/jobs/${record.id}`,
		html_url: `${urls.html}/${repo.fullName}/actions/runs/${run.id}/job/${record.id}`,
		status: view.status,
		conclusion: view.conclusion,
		created_at: iso(view.createdAt),
		started_at: iso(started ? view.startedAt : view.createdAt),
		completed_at: view.completedAt === null ? null : iso(view.completedAt),
		name: record.name,
		steps: view.steps.map((step) => ({
			name: step.name,
			status: step.status,
			conclusion: step.conclusion,
			number: step.number,
			started_at: step.startedAt === null ? null : iso(step.startedAt),
			completed_at: step.completedAt === null ? null : iso(step.completedAt),
		})),
		check_run_url: `${urls.api}/repos/${repo.fullName}/check-runs/${record.id}`,
		labels: ['ubuntu-latest'],
		runner_id: started ? 1 : null,
		runner_name: started ? 'GitHub Actions 1' : null,
		runner_group_id: started ? 0 : null,
		runner_group_name: started ? 'GitHub Actions' : null,
		workflow_name: run.workflow.name,
		head_branch: run.branch,
	};
}

/** `GET /repos/{owner}/{repo}/contents/{path}` for a file. */
export function contentFile(urls: Urls, repo: RepoRecord, path: string, text: string, ref: string) {
	// The git blob id, as GitHub reports it.
	const sha = createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest('hex');
	const self = `${urls.api}/repos/${repo.fullName}/contents/${path}?ref=${encodeURIComponent(ref)}`;
	const html = `${urls.html}/${repo.fullName}/blob/${ref}/${path}`;
	const git = `${urls.api}/repos/${repo.fullName}/git/blobs/${sha}`;
	// GitHub wraps base64 content at 60 characters per line.
	const content = (Buffer.from(text).toString('base64').match(/.{1,60}/g) ?? []).join('\n');
	return {
		type: 'file',
		encoding: 'base64',
		size: Buffer.byteLength(text),
		name: path.split('/').pop() ?? path,
		path,
		content: content.length > 0 ? `${content}\n` : '',
		sha,
		url: self,
		git_url: git,
		html_url: html,
		download_url: `${urls.html}/raw/${repo.fullName}/${ref}/${path}`,
		_links: { self, git, html },
	};
}

/** GitHub's error body. */
export function errorBody(message: string, documentationUrl = 'https://docs.github.com/rest', status?: number) {
	return status === undefined ? { message, documentation_url: documentationUrl } : { message, documentation_url: documentationUrl, status: String(status) };
}
