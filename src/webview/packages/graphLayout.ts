/**
 * A layered layout of the workspace's dependency graph, small enough to compute on every render:
 * packages with no dependency inside the workspace in the first column, each other package one
 * column right of its deepest dependency, rows ordered to keep edges short (one barycentre pass).
 * Edges inside a dependency cycle may point right instead of left. Pure.
 */

/** A package to draw. */
export interface GraphNodeInput {
	id: string;
	name: string;
	version: string | null;
	needsRelease: boolean;
	private: boolean;
}

/** A dependency to draw: `from` depends on `to`. */
export interface GraphEdgeInput {
	from: string;
	to: string;
	range: string;
	outdated: boolean;
	/** PROD, DEV, PEER or OPTIONAL. */
	kind: string;
}

/** A placed node. */
export interface PlacedNode extends GraphNodeInput {
	x: number;
	y: number;
	layer: number;
}

/** A routed edge: an SVG path and where its label goes. */
export interface RoutedEdge extends GraphEdgeInput {
	path: string;
	labelX: number;
	labelY: number;
}

/** The layout. */
export interface GraphLayout {
	nodes: PlacedNode[];
	edges: RoutedEdge[];
	width: number;
	height: number;
}

/** Sizes of the drawing, in SVG units. */
export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 44;
const COLUMN_GAP = 90;
const ROW_GAP = 22;
const MARGIN = 12;

/** The column of each node: 0 without workspace dependencies, else one past its deepest dependency; cycles are cut where they close. */
function layers(nodes: readonly GraphNodeInput[], edges: readonly GraphEdgeInput[]): Map<string, number> {
	const dependencies = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
	for (const e of edges) {
		if (dependencies.has(e.from) && dependencies.has(e.to) && e.from !== e.to) {
			dependencies.get(e.from)?.push(e.to);
		}
	}
	const layer = new Map<string, number>();
	const visiting = new Set<string>();
	// Iterative depth-first search: post-order gives each node after its dependencies.
	for (const start of nodes.map((n) => n.id)) {
		const stack: Array<{ id: string; i: number }> = [{ id: start, i: 0 }];
		while (stack.length > 0) {
			const frame = stack[stack.length - 1];
			if (frame.i === 0) {
				if (layer.has(frame.id) && frame.i === 0 && !visiting.has(frame.id)) {
					stack.pop();
					continue;
				}
				visiting.add(frame.id);
			}
			const deps = dependencies.get(frame.id) ?? [];
			if (frame.i < deps.length) {
				const next = deps[frame.i++];
				if (!layer.has(next) && !visiting.has(next)) {
					stack.push({ id: next, i: 0 });
				}
				continue;
			}
			stack.pop();
			visiting.delete(frame.id);
			layer.set(frame.id, Math.max(0, ...deps.filter((d) => layer.has(d)).map((d) => (layer.get(d) as number) + 1)));
		}
	}
	return layer;
}

/** Lays out `nodes` and `edges`; see the module comment. */
export function layoutGraph(nodes: readonly GraphNodeInput[], edges: readonly GraphEdgeInput[]): GraphLayout {
	const layerOf = layers(nodes, edges);
	const columns: GraphNodeInput[][] = [];
	for (const node of [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
		const l = layerOf.get(node.id) ?? 0;
		(columns[l] ??= []).push(node);
	}
	const row = new Map<string, number>();
	columns.forEach((column, l) => {
		if (l > 0) {
			// Barycentre: a package sits near the average row of what it depends on.
			const centre = (n: GraphNodeInput) => {
				const rows = edges.filter((e) => e.from === n.id && row.has(e.to)).map((e) => row.get(e.to) as number);
				return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.MAX_SAFE_INTEGER;
			};
			column.sort((a, b) => centre(a) - centre(b));
		}
		column.forEach((n, i) => row.set(n.id, i));
	});
	const placed = new Map<string, PlacedNode>();
	columns.forEach((column, l) =>
		column.forEach((n, i) => placed.set(n.id, { ...n, layer: l, x: MARGIN + l * (NODE_WIDTH + COLUMN_GAP), y: MARGIN + i * (NODE_HEIGHT + ROW_GAP) })),
	);
	const routed = route(placed, edges);
	const all = [...placed.values()];
	const width = Math.max(NODE_WIDTH + 2 * MARGIN, ...all.map((n) => n.x + NODE_WIDTH + MARGIN));
	// An edge along the gap below the last row needs that gap inside the drawing.
	const height = Math.max(NODE_HEIGHT + 2 * MARGIN, ...all.map((n) => n.y + NODE_HEIGHT + MARGIN), ...routed.map((e) => e.bottom + MARGIN));
	return { nodes: all, edges: routed.map(({ bottom: _bottom, ...e }) => e), width, height };
}

/** A path between two side points facing each other across columns; along `gapY` when given (it spans several columns). */
function sideToSide(x1: number, y1: number, x2: number, y2: number, gapY: number | null): string {
	const sign = Math.sign(x2 - x1) || 1;
	if (gapY === null) {
		const bend = (x2 - x1) / 2;
		return `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
	}
	const turn = (sign * COLUMN_GAP) / 3;
	return `M ${x1} ${y1} C ${x1 + turn} ${y1}, ${x1 + turn} ${gapY}, ${x1 + 2 * turn} ${gapY} L ${x2 - 2 * turn} ${gapY} C ${x2 - turn} ${gapY}, ${x2 - turn} ${y2}, ${x2} ${y2}`;
}

/**
 * Routes each edge from the dependent to its dependency. Between neighbouring columns: a curve
 * between facing sides. Across several: along the gap below the lower of the two rows, so it
 * never runs behind a package of a column in between (and so never looks like that one's edge).
 * Within one column (a cycle): an arc out to the right.
 */
function route(placed: ReadonlyMap<string, PlacedNode>, edges: readonly GraphEdgeInput[]): Array<RoutedEdge & { bottom: number }> {
	const routed: Array<RoutedEdge & { bottom: number }> = [];
	for (const e of edges) {
		const from = placed.get(e.from);
		const to = placed.get(e.to);
		if (!from || !to || from === to) {
			continue;
		}
		const y1 = from.y + NODE_HEIGHT / 2;
		const y2 = to.y + NODE_HEIGHT / 2;
		if (from.layer === to.layer) {
			const x = from.x + NODE_WIDTH;
			const out = x + COLUMN_GAP / 2;
			routed.push({ ...e, path: `M ${x} ${y1} C ${out} ${y1}, ${out} ${y2}, ${x} ${y2}`, labelX: out, labelY: (y1 + y2) / 2, bottom: Math.max(y1, y2) });
			continue;
		}
		// The dependent is usually right of its dependency; inside a cycle it can be left of it.
		const x1 = from.layer > to.layer ? from.x : from.x + NODE_WIDTH;
		const x2 = from.layer > to.layer ? to.x + NODE_WIDTH : to.x;
		const gapY = Math.abs(from.layer - to.layer) > 1 ? Math.max(from.y, to.y) + NODE_HEIGHT + ROW_GAP / 2 : null;
		routed.push({ ...e, path: sideToSide(x1, y1, x2, y2, gapY), labelX: (x1 + x2) / 2, labelY: (gapY ?? (y1 + y2) / 2) - 4, bottom: gapY ?? Math.max(y1, y2) });
	}
	return routed;
}
