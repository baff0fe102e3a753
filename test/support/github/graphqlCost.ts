/**
 * GitHub's GraphQL rate-limit arithmetic, from "Rate limits and query limits for the GraphQL
 * API": every connection must say `first` or `last` (1–100); a call's cost is the number of
 * requests needed to fill each connection (the product of the limits of the connections above
 * it), summed, divided by 100 and rounded, with a minimum of 1; its node count is the sum of
 * the nodes each connection can return, at most 500,000.
 */
import {
	type DocumentNode,
	type FragmentDefinitionNode,
	GraphQLError,
	type GraphQLNamedType,
	type GraphQLSchema,
	type SelectionSetNode,
	getNamedType,
	isInterfaceType,
	isObjectType,
	Kind,
	valueFromAST,
} from 'graphql';

/** The outcome of costing one operation. */
export interface QueryCost {
	/** Requests needed to fill every connection. */
	readonly requests: number;
	/** Points charged: `max(1, round(requests / 100))`. */
	readonly cost: number;
	readonly nodeCount: number;
	/** `rateLimit(dryRun: true)` asks for the cost without running the query. */
	readonly dryRun: boolean;
}

const MAX_NODES = 500_000;

/** A GitHub-style error with its `type`, which clients branch on. */
export function typedError(type: string, message: string, path?: readonly (string | number)[]): GraphQLError {
	return new GraphQLError(message, { path, extensions: { type } });
}

/** Costs the selected operation, or returns the errors GitHub would answer with instead. */
export function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): QueryCost | GraphQLError[] {
	const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
	const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
	const fragments = new Map<string, FragmentDefinitionNode>();
	for (const definition of document.definitions) {
		if (definition.kind === Kind.FRAGMENT_DEFINITION) {
			fragments.set(definition.name.value, definition);
		}
	}
	const root = operation?.operation === 'query' ? schema.getQueryType() : operation?.operation === 'mutation' ? schema.getMutationType() : undefined;
	if (!operation || !root) {
		return [new GraphQLError('No operation to run')];
	}
	let requests = 0;
	let nodeCount = 0;
	let dryRun = false;
	const errors: GraphQLError[] = [];

	const walk = (selections: SelectionSetNode, parent: GraphQLNamedType, multiplier: number, path: string[]): void => {
		for (const selection of selections.selections) {
			if (selection.kind === Kind.INLINE_FRAGMENT) {
				const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
				if (type) {
					walk(selection.selectionSet, type, multiplier, path);
				}
				continue;
			}
			if (selection.kind === Kind.FRAGMENT_SPREAD) {
				const fragment = fragments.get(selection.name.value);
				const type = fragment && schema.getType(fragment.typeCondition.name.value);
				if (fragment && type) {
					walk(fragment.selectionSet, type, multiplier, path);
				}
				continue;
			}
			if (!isObjectType(parent) && !isInterfaceType(parent)) {
				continue;
			}
			const field = parent.getFields()[selection.name.value];
			if (!field) {
				continue;
			}
			const fieldPath = [...path, selection.alias?.value ?? selection.name.value];
			const args: Record<string, unknown> = {};
			for (const argument of selection.arguments ?? []) {
				const definition = field.args.find((a) => a.name === argument.name.value);
				if (definition) {
					args[argument.name.value] = valueFromAST(argument.value, definition.type, variables);
				}
			}
			if (parent === root && field.name === 'rateLimit' && args.dryRun === true) {
				dryRun = true;
			}
			const type = getNamedType(field.type);
			let next = multiplier;
			if (type.name.endsWith('Connection') && field.args.some((a) => a.name === 'first')) {
				const limit = (args.first ?? args.last) as number | undefined;
				if (limit === undefined || limit === null) {
					errors.push(typedError('MISSING_PAGINATION_BOUNDARIES', `You must provide a \`first\` or \`last\` value to properly paginate the \`${field.name}\` connection.`, fieldPath));
					continue;
				}
				if (limit < 1 || limit > 100) {
					const which = args.first !== undefined ? 'first' : 'last';
					errors.push(typedError('EXCESSIVE_PAGINATION', `Requesting ${limit} records on the \`${field.name}\` connection exceeds the \`${which}\` limit of 100 records.`, fieldPath));
					continue;
				}
				requests += multiplier;
				nodeCount += multiplier * limit;
				next = multiplier * limit;
			}
			if (selection.selectionSet) {
				walk(selection.selectionSet, type, next, fieldPath);
			}
		}
	};
	walk(operation.selectionSet, root, 1, []);
	if (nodeCount > MAX_NODES) {
		errors.push(typedError('MAX_NODE_LIMIT_EXCEEDED', `This query requests up to ${nodeCount.toLocaleString('en-US')} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString('en-US')}.`));
	}
	if (errors.length > 0) {
		return errors;
	}
	return { requests, cost: Math.max(1, Math.round(requests / 100)), nodeCount, dryRun };
}
