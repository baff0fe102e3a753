import { codeSpan, escapeMarkdown } from '../../markdown';
import type { ViewRepository } from './repositoriesQuery';

type ViewPackage = ViewRepository['packages'][number];

/** The packages part of a repository row's description: `@acme/core 2.0.0 ▲` for one package, `3 packages · 1 ▲` for several. */
export function packagesDescription(repo: ViewRepository): string {
	const published = repo.packages.filter((p) => !p.private);
	const needing = repo.packages.filter((p) => p.needsRelease).length;
	if (repo.packages.length === 1) {
		const [pkg] = repo.packages;
		return `${pkg.version ? `v${pkg.version}` : ''}${pkg.latest && pkg.latest !== pkg.version ? ` (latest ${pkg.latest})` : ''}${needing ? ' ▲ needs release' : ''}`.trim();
	}
	if (published.length === 0 && needing === 0) {
		return '';
	}
	return [`${repo.packages.length} packages`, needing ? `${needing} ▲ need release` : ''].filter(Boolean).join(' · ');
}

function registryText(pkg: ViewPackage): string {
	if (pkg.private) {
		return 'private';
	}
	switch (pkg.registryError?.code) {
		case undefined:
			return pkg.latest ? `latest ${pkg.latest}` : 'no latest tag';
		case 'NOT_FOUND':
			return 'not on the registry yet';
		case 'UNAUTHORIZED':
			return 'the registry refused the credentials';
		case 'REGISTRY_UNREACHABLE':
			return 'registry unreachable';
		default:
			return 'registry could not be read';
	}
}

/**
 * One tooltip line per package, as Markdown: version, the registry's latest, release state.
 * Name, versions and tag come from package.json files and the registry, so each is escaped.
 */
export function packagesTooltip(repo: ViewRepository): string[] {
	return repo.packages.map((pkg) => {
		const since = pkg.commitsSinceRelease === null ? '' : `, ${pkg.commitsSinceRelease} commit${pkg.commitsSinceRelease === 1 ? '' : 's'} since ${pkg.releaseTag}`;
		return `${codeSpan(pkg.name)} ${escapeMarkdown(pkg.version ?? '')} — ${escapeMarkdown(`${registryText(pkg)}${since}`)}${pkg.needsRelease ? ' — **needs release**' : ''}`;
	});
}
