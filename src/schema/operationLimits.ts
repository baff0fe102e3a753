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

/**
 * Walks a selection set, expanding fragments, and returns depth, cost and alias count. Fragment
 * cycles are rejected by the standard rules, but the walk guards against them anyway (`seen`), as
 * the limits run in the same validation pass.
 */
function measure(set: SelectionSetNode, fragments: Fragments, variables: Record<string, unknown> | undefined, seen: Set<string>): Measure {
	let depth = 0;
	let cost = 0;
	let aliases = 0;
	for (const selection of set.selections) {
		let inner: Measure | undefined;
		if (selection.kind === Kind.FIELD) {
			if (selection.alias) {
				aliases++;
			}
			const child = selection.selectionSet ? measure(selection.selectionSet, fragments, variables, seen) : { depth: 0, cost: 0, aliases: 0 };
			inner = { depth: child.depth + 1, cost: 1 + firstArgument(selection, variables) * child.cost, aliases: child.aliases };
		} else if (selection.kind === Kind.INLINE_FRAGMENT) {
			inner = measure(selection.selectionSet, fragments, variables, seen);
		} else {
			const name = selection.name.value;
			const fragment = fragments.get(name);
			if (fragment && !seen.has(name)) {
				inner = measure(fragment.selectionSet, fragments, variables, new Set(seen).add(name));
			}
		}
		if (inner) {
			depth = Math.max(depth, inner.depth);
			cost += inner.cost;
			aliases += inner.aliases;
		}
	}
	return { depth, cost, aliases };
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
	const errors: GraphQLError[] = [];
	for (const node of operations) {
		const m = measure(node.selectionSet, fragments, variables, new Set());
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
