import { strict as assert } from 'node:assert';
import { type GraphEdgeInput, type GraphNodeInput, layoutGraph, NODE_WIDTH } from '../../../src/webview/packages/graphLayout';

const node = (id: string): GraphNodeInput => ({ id, name: id, version: '1.0.0', needsRelease: false, private: false });
const edge = (from: string, to: string, outdated = false): GraphEdgeInput => ({ from, to, range: '^1.0.0', outdated, kind: 'PROD' });

describe('the dependency graph layout', () => {
	it('puts each package one column right of its deepest dependency, and routes every edge', () => {
		const layout = layoutGraph([node('app'), node('ui'), node('core'), node('util')], [edge('app', 'ui'), edge('app', 'core'), edge('ui', 'core', true), edge('ui', 'util')]);
		const layerOf = Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer]));
		assert.deepEqual(layerOf, { core: 0, util: 0, ui: 1, app: 2 });
		assert.equal(layout.edges.length, 4);
		assert.ok(layout.edges.every((e) => e.path.startsWith('M ')));
		const app = layout.nodes.find((n) => n.id === 'app');
		assert.equal(layout.width, (app?.x ?? 0) + NODE_WIDTH + 12, 'the drawing is as wide as its last column');
		// No two nodes overlap.
		const boxes = layout.nodes.map((n) => `${n.x},${n.y}`);
		assert.equal(new Set(boxes).size, boxes.length);
	});

	it('ends on a cycle instead of looping, and keeps every edge inside the drawing', () => {
		const layout = layoutGraph([node('a'), node('b'), node('c')], [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')]);
		assert.equal(layout.nodes.length, 3);
		assert.equal(layout.edges.length, 3);
		for (const e of layout.edges) {
			const numbers = e.path.match(/-?\d+(?:\.\d+)?/g)?.map(Number) ?? [];
			const ys = numbers.filter((_, i) => i % 2 === 1);
			assert.ok(ys.every((y) => y >= 0 && y <= layout.height), `${e.from} → ${e.to}: ${e.path} within 0…${layout.height}`);
		}
	});

	it('routes an edge across several columns along a row gap, never through a package in between', () => {
		const layout = layoutGraph([node('core'), node('mid'), node('top')], [edge('mid', 'core'), edge('top', 'mid'), edge('top', 'core')]);
		const mid = layout.nodes.find((n) => n.id === 'mid');
		const long = layout.edges.find((e) => e.from === 'top' && e.to === 'core');
		const horizontal = /L (-?[\d.]+) (-?[\d.]+)/.exec(long?.path ?? '');
		assert.ok(horizontal && mid, long?.path);
		assert.ok(Number(horizontal[2]) > (mid.y + 44), 'the long edge runs below the middle package');
	});

	it('ignores edges to packages it was not given, and lays out nothing for nothing', () => {
		assert.deepEqual(layoutGraph([node('a')], [edge('a', 'elsewhere')]).edges, []);
		assert.deepEqual(layoutGraph([], []).nodes, []);
	});
});
