/**
 * Which GitHub repository each local repository belongs to, from its remotes: a submodule maps
 * to its own repository, and two clones of one repository (a linked worktree) share it.
 */
import * as nodePath from 'node:path';
import type { Event } from '../common/event';
import { type GitRemote, parseRemoteUrl, pickGitHubRemote } from './remotes';

/** A local repository as the git model reports it. */
export interface LocalRepository {
	readonly path: string;
	readonly remotes: ReadonlyArray<{ readonly name: string; readonly fetchUrl: string | null; readonly pushUrl: string | null }>;
}

/** The part of the git model the workflows model reads. */
export interface LocalRepositories {
	/** Every known repository; a new array whenever the set or a state changed. */
	readonly repositories: readonly LocalRepository[];
	readonly onDidChangeRepositories?: Event<void>;
}

/** A GitHub repository and the local clones of it. */
export interface MappedRepository {
	/** `owner/name` in lower case, the cache key. */
	readonly slug: string;
	readonly owner: string;
	readonly name: string;
	readonly host: string;
	/** Local paths, in the git model's order (parents before children): the first is the primary one. */
	readonly paths: readonly string[];
}

/** The GitHub host an API root serves: `github.com` unless it is a GitHub Enterprise Server's `…/api/v3`. */
export function hostForApiUrl(apiUrl: string | undefined): string {
	if (!apiUrl) {
		return 'github.com';
	}
	try {
		const url = new URL(apiUrl);
		return /\/api\/v3\/?$/.test(url.pathname) ? url.host.toLowerCase() : 'github.com';
	} catch {
		return 'github.com';
	}
}

/** The slug of an owner and name. */
export function slugOf(owner: string, name: string): string {
	return `${owner}/${name}`.toLowerCase();
}

/**
 * See the module comment. Recomputed only when the git model hands out a new repository list, so
 * the lookups a query makes cost a map access.
 */
export class RepoMapping {
	private source: readonly LocalRepository[] | undefined;
	private bySlug = new Map<string, MappedRepository>();
	private byPath = new Map<string, MappedRepository>();

	constructor(
		private readonly repos: LocalRepositories,
		/** Only remotes on this host map; other hosts' repositories are not this client's to ask about. */
		private readonly host = 'github.com',
	) {}

	/** Every GitHub repository some local repository maps to. */
	all(): readonly MappedRepository[] {
		this.update();
		return [...this.bySlug.values()];
	}

	forPath(path: string): MappedRepository | undefined {
		this.update();
		return this.byPath.get(path) ?? this.byPath.get(nodePath.resolve(path));
	}

	forSlug(slug: string): MappedRepository | undefined {
		this.update();
		return this.bySlug.get(slug.toLowerCase());
	}

	private update(): void {
		const list = this.repos.repositories;
		if (list === this.source) {
			return;
		}
		this.source = list;
		const bySlug = new Map<string, { slug: string; owner: string; name: string; host: string; paths: string[] }>();
		const byPath = new Map<string, MappedRepository>();
		for (const repo of list) {
			const remotes: GitRemote[] = repo.remotes
				.map((r) => ({ name: r.name, fetchUrl: r.fetchUrl ?? undefined, pushUrl: r.pushUrl ?? undefined }))
				.filter((r) => [r.fetchUrl, r.pushUrl].some((url) => url !== undefined && parseRemoteUrl(url)?.host === this.host));
			const picked = pickGitHubRemote(remotes);
			if (!picked) {
				continue;
			}
			const slug = slugOf(picked.owner, picked.name);
			let mapped = bySlug.get(slug);
			if (!mapped) {
				mapped = { slug, owner: picked.owner, name: picked.name, host: picked.host, paths: [] };
				bySlug.set(slug, mapped);
			}
			mapped.paths.push(repo.path);
			byPath.set(repo.path, mapped);
		}
		this.bySlug = bySlug;
		this.byPath = byPath;
	}
}
