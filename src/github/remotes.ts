/**
 * Which GitHub repository a local clone belongs to, from its git remotes. Pure string work, no
 * git process: the caller passes what `git remote -v` (or the git model) already knows.
 */

/** A repository on a GitHub host. `host` is lower-case and keeps a non-default HTTPS port. */
export interface GitHubRepoId {
	readonly host: string;
	readonly owner: string;
	readonly name: string;
}

/** A git remote as the git layer reports it. */
export interface GitRemote {
	readonly name: string;
	readonly fetchUrl?: string;
	readonly pushUrl?: string;
}

/** Options of {@link pickGitHubRemote}. */
export interface PickRemoteOptions {
	/**
	 * Hosts to accept besides github.com, e.g. a GitHub Enterprise Server's. Undefined accepts any
	 * host (the caller filters); an empty list accepts github.com only.
	 */
	readonly hosts?: readonly string[];
}

/** GitHub's own aliases: SSH over port 443 and the www host name. */
const GITHUB_ALIASES: Readonly<Record<string, string>> = { 'ssh.github.com': 'github.com', 'www.github.com': 'github.com' };
/** Users and organisations; Enterprise managed users add `_shortcode`. */
const OWNER = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const NAME = /^[A-Za-z0-9._-]+$/;
/** Remotes are tried in this order, then the rest alphabetically. */
const PREFERRED = ['origin', 'upstream'];

function normaliseHost(host: string): string {
	const lower = host.toLowerCase().replace(/\.$/, '');
	return GITHUB_ALIASES[lower] ?? lower;
}

function fromPath(host: string, path: string): GitHubRepoId | undefined {
	const segments = path.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
	if (segments.length !== 2) {
		// GitHub has no nested namespaces; GitLab subgroups and Azure DevOps paths end here.
		return undefined;
	}
	let owner: string;
	let name: string;
	try {
		owner = decodeURIComponent(segments[0]);
		name = decodeURIComponent(segments[1]).replace(/\.git$/i, '');
	} catch {
		return undefined;
	}
	if (!OWNER.test(owner) || !NAME.test(name) || name === '.' || name === '..' || host === '') {
		return undefined;
	}
	return { host: normaliseHost(host), owner, name };
}

/**
 * Parses a remote URL: `https://host/o/r(.git)`, with or without credentials (dropped),
 * `ssh://[user@]host[:port]/o/r`, `git://host/o/r`, `git+ssh://…`, and scp-like
 * `[user@]host:o/r.git`. Local paths, `file://` URLs and non-repository paths give undefined.
 */
export function parseRemoteUrl(url: string): GitHubRepoId | undefined {
	const text = url.trim();
	if (text === '') {
		return undefined;
	}
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
	if (scheme !== undefined) {
		if (!['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(scheme)) {
			return undefined;
		}
		let parsed: URL;
		try {
			// Node's URL parser does not know ssh/git schemes' authority rules; http's match them.
			parsed = new URL(text.replace(/^[^:]+:/, 'http:'));
		} catch {
			return undefined;
		}
		// An SSH port says nothing about the API; an HTTPS port is part of an Enterprise host.
		const keepPort = scheme === 'https' || scheme === 'http';
		const host = keepPort && parsed.port !== '' && parsed.port !== '443' && parsed.port !== '80' ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
		return fromPath(host, parsed.pathname);
	}
	// scp-like syntax: git takes it when there is a colon before any slash.
	const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(text);
	if (!scp || scp[1].length < 2) {
		// A one-letter "host" is a Windows drive (C:/repo).
		return undefined;
	}
	return fromPath(scp[1], scp[2]);
}

/** True when `id` sits on github.com or one of the accepted hosts. */
function accepted(id: GitHubRepoId, hosts: readonly string[] | undefined): boolean {
	return hosts === undefined || id.host === 'github.com' || hosts.some((host) => normaliseHost(host) === id.host);
}

/**
 * The repository a clone's Actions live in: `origin` first, then `upstream`, then any other
 * remote by name; for each, the fetch URL before the push URL.
 */
export function pickGitHubRemote(remotes: readonly GitRemote[], options: PickRemoteOptions = {}): (GitHubRepoId & { readonly remote: string }) | undefined {
	const rank = (name: string) => {
		const index = PREFERRED.indexOf(name);
		return index === -1 ? PREFERRED.length : index;
	};
	const ordered = [...remotes].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
	for (const remote of ordered) {
		for (const url of [remote.fetchUrl, remote.pushUrl]) {
			const id = url === undefined ? undefined : parseRemoteUrl(url);
			if (id && accepted(id, options.hosts)) {
				return { ...id, remote: remote.name };
			}
		}
	}
	return undefined;
}

/** Parses `git remote -v` output into remotes. */
export function parseRemoteVerbose(output: string): GitRemote[] {
	const byName = new Map<string, { name: string; fetchUrl?: string; pushUrl?: string }>();
	for (const line of output.split(/\r?\n/)) {
		const match = /^(\S+)\s+(\S+)\s+\((fetch|push)\)\s*$/.exec(line);
		if (!match) {
			continue;
		}
		const [, name, url, kind] = match;
		const remote = byName.get(name) ?? { name };
		if (kind === 'fetch') {
			remote.fetchUrl = url;
		} else {
			remote.pushUrl = url;
		}
		byName.set(name, remote);
	}
	return [...byName.values()];
}

/** `owner/name`, the key the GraphQL overview and the tree use. */
export function repoSlug(id: Pick<GitHubRepoId, 'owner' | 'name'>): string {
	return `${id.owner}/${id.name}`;
}
