import { useMemo } from 'preact/hooks';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from './graphLayout';
import type { SectionPackage } from './packagesQueries';

const MAX_NAME = 26;

function short(text: string): string {
	return text.length > MAX_NAME ? `${text.slice(0, MAX_NAME - 1)}…` : text;
}

/**
 * The workspace's internal dependency graph as SVG: a box per package (a "needs release" one
 * has a thick border and says so), an arrow from each package to what it depends on. An edge
 * whose range no longer admits its target's version is drawn dashed in the error colour and
 * labelled "outdated", so it reads without colour too.
 */
export function DependencyGraph({ packages }: { packages: readonly SectionPackage[] }) {
	const layout = useMemo(
		() =>
			layoutGraph(
				packages.map((p) => ({ id: p.id, name: p.name, version: p.version, needsRelease: p.needsRelease, private: p.private })),
				packages.flatMap((p) => p.dependsOn.map((d) => ({ from: p.id, to: d.dependency.id, range: d.range, outdated: d.outdated, kind: d.kind }))),
			),
		[packages],
	);
	const names = new Map(packages.map((p) => [p.id, p.name]));
	return (
		<svg
			class="package-graph"
			data-testid="package-graph"
			role="img"
			aria-label={`Dependencies between ${packages.length} packages of the workspace`}
			width={layout.width}
			height={layout.height}
			viewBox={`0 0 ${layout.width} ${layout.height}`}
		>
			<defs>
				<marker id="pkg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
					<path d="M 0 0 L 10 5 L 0 10 z" class="arrow" />
				</marker>
				<marker id="pkg-arrow-outdated" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
					<path d="M 0 0 L 10 5 L 0 10 z" class="arrow outdated" />
				</marker>
			</defs>
			{layout.edges.map((e) => (
				<g key={`${e.from}>${e.to}>${e.kind}`} class={`edge ${e.outdated ? 'outdated' : ''} ${e.kind.toLowerCase()}`} data-testid={e.outdated ? 'outdated-edge' : 'edge'}>
					<title>{`${names.get(e.from)} → ${names.get(e.to)} ${e.range}${e.kind === 'PROD' ? '' : ` (${e.kind.toLowerCase()})`}${e.outdated ? ': outdated, does not admit the current version' : ''}`}</title>
					<path d={e.path} marker-end={`url(#${e.outdated ? 'pkg-arrow-outdated' : 'pkg-arrow'})`} />
					{e.outdated && (
						<text x={e.labelX} y={e.labelY} text-anchor="middle" class="edge-label">
							{`⚠ outdated ${e.range}`}
						</text>
					)}
				</g>
			))}
			{layout.nodes.map((n) => (
				<g key={n.id} class={`node ${n.needsRelease ? 'needs-release' : ''} ${n.private ? 'private' : ''}`} transform={`translate(${n.x} ${n.y})`} data-testid="package-node" data-name={n.name}>
					<title>{`${n.name} ${n.version ?? ''}${n.needsRelease ? ' — needs release' : ''}${n.private ? ' (private)' : ''}`}</title>
					<rect width={NODE_WIDTH} height={NODE_HEIGHT} rx="4" />
					<text x="10" y="18" class="node-name">
						{short(n.name)}
					</text>
					<text x="10" y="35" class="node-detail">
						{`${n.version ?? '—'}${n.private ? ' · private' : ''}${n.needsRelease ? ' · ▲ needs release' : ''}`}
					</text>
				</g>
			))}
		</svg>
	);
}
