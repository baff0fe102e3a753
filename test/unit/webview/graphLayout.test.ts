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

	it('ends on a cycle instead of looping, drawing the closing edge as an arc that fits the drawing', () => {
		const layout = layoutGraph([node('a'), node('b'), node('c')], [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')]);
		assert.equal(layout.nodes.length, 3);
		assert.equal(layout.edges.length, 3);
		assert.ok(layout.nodes.every((n) => n.y >= 12), 'room is made above the first row for the arc');
		assert.ok(layout.edges.every((e) => e.labelY > 0));
	});

	it('ignores edges to packages it was not given, and lays out nothing for nothing', () => {
		assert.deepEqual(layoutGraph([node('a')], [edge('a', 'elsewhere')]).edges, []);
		assert.deepEqual(layoutGraph([], []).nodes, []);
	});
});
