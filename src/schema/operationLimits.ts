import { DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';

/** Bounds on operations that come from outside the host (webview, CLI, other extensions). */
export interface OperationLimits {
	/** Deepest nesting of fields. */
	maxDepth: number;
	/** Most aliased fields in one document. */
	maxAliases: number;
	/**
	 * Most "cost": every field counts 1, and a field with a `first` argument multiplies the cost
	 * of what it selects by that number, so a deep paginated fan-out is caught before it runs.
	 */
	maxCost: number;
}

/** Limits generous enough for the dashboard's widest query, tight enough to stop abuse. */
export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 12, maxAliases: 50, maxCost: 20_000 };

type Fragments = Map<string, FragmentDefinitionNode>;

function firstArgument(node: FieldNode, variables: Record<string, unknown> | undefined): number {
	const arg = node.arguments?.find((a) => a.name.value === 'first');
	if (!arg) {
		return 1;
	}
	if (arg.value.kind === Kind.INT) {
		return Math.max(1, Number(arg.value.value));
	}
	if (arg.value.kind === Kind.VARIABLE) {
		const v = variables?.[arg.value.name.value];
		return typeof v === 'number' && v > 0 ? v : 1;
	}
	return 1;
}

interface Measure {
	depth: number;
	cost: number;
	aliases: number;
}

/** What one walk of a document knows: its fragments, the variables, and each fragment measured so far. */
interface Walk {
	fragments: Fragments;
	variables: Record<string, unknown> | undefined;
	/** Each fragment's measure, computed once: a fragment spread twice per level must not double the work per level. */
	measured: Map<string, Measure>;
	/** Fragments being measured right now (a cycle is skipped rather than followed). */
	active: Set<string>;
}

/**
 * Walks a selection set, expanding fragments, and returns depth, cost and alias count. A
 * fragment's measure does not depend on where it is spread, so each is measured once and reused:
 * the walk is linear in the document, however often fragments spread each other. Fragment cycles
 * are rejected by the standard rules before the limits run, but the walk guards against them anyway.
 */
function measure(set: SelectionSetNode, walk: Walk): Measure {
	let depth = 0;
	let cost = 0;
	let aliases = 0;
	for (const selection of set.selections) {
		let inner: Measure | undefined;
		if (selection.kind === Kind.FIELD) {
			if (selection.alias) {
				aliases++;
			}
			const child = selection.selectionSet ? measure(selection.selectionSet, walk) : { depth: 0, cost: 0, aliases: 0 };
			inner = { depth: child.depth + 1, cost: 1 + firstArgument(selection, walk.variables) * child.cost, aliases: child.aliases };
		} else if (selection.kind === Kind.INLINE_FRAGMENT) {
			inner = measure(selection.selectionSet, walk);
		} else {
			inner = measureFragment(selection.name.value, walk);
		}
		if (inner) {
			depth = Math.max(depth, inner.depth);
			cost += inner.cost;
			aliases += inner.aliases;
		}
	}
	return { depth, cost, aliases };
}

function measureFragment(name: string, walk: Walk): Measure | undefined {
	const known = walk.measured.get(name);
	if (known) {
		return known;
	}
	const fragment = walk.fragments.get(name);
	if (!fragment || walk.active.has(name)) {
		return undefined;
	}
	walk.active.add(name);
	const result = measure(fragment.selectionSet, walk);
	walk.active.delete(name);
	walk.measured.set(name, result);
	return result;
}

/**
 * Checks every operation of a parsed document against {@link OperationLimits}. Run per request
 * (not cached with the parse) because `first: $n` makes the cost depend on the variables.
 */
export function checkOperationLimits(document: DocumentNode, limits: OperationLimits, variables?: Record<string, unknown>): GraphQLError[] {
	const fragments: Fragments = new Map();
	const operations: OperationDefinitionNode[] = [];
	for (const def of document.definitions) {
		if (def.kind === Kind.FRAGMENT_DEFINITION) {
			fragments.set(def.name.value, def);
		} else if (def.kind === Kind.OPERATION_DEFINITION) {
			operations.push(def);
		}
	}
	const walk: Walk = { fragments, variables, measured: new Map(), active: new Set() };
	const errors: GraphQLError[] = [];
	for (const node of operations) {
		const m = measure(node.selectionSet, walk);
		const name = node.name?.value ?? 'The operation';
		if (m.depth > limits.maxDepth) {
			errors.push(new GraphQLError(`${name} is nested ${m.depth} levels deep; the limit is ${limits.maxDepth}.`, { nodes: [node], extensions: { code: 'OPERATION_TOO_DEEP' } }));
		}
		if (m.aliases > limits.maxAliases) {
			errors.push(new GraphQLError(`${name} uses ${m.aliases} aliases; the limit is ${limits.maxAliases}.`, { nodes: [node], extensions: { code: 'TOO_MANY_ALIASES' } }));
		}
		if (m.cost > limits.maxCost) {
			errors.push(new GraphQLError(`${name} costs ${m.cost}; the limit is ${limits.maxCost}.`, { nodes: [node], extensions: { code: 'OPERATION_TOO_COSTLY' } }));
		}
	}
	return errors;
}
