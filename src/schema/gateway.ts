import { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, OperationTypeNode, execute, getOperationAST, subscribe } from 'graphql';
import { Disposable, toDisposable } from '../common/lifecycle';
import { redact } from '../common/redact';
import { DocumentCache } from './documentCache';
import { checkOperationLimits, DEFAULT_LIMITS, OperationLimits } from './operationLimits';
import { FlowsState } from './flows';
import { createFusedSchema } from './fuse';
import { GraphMetrics, type GraphOperationsRecord } from './graphMetrics';
import { createStitchedSchema, createSubschemas, GraphSources, printStitchedSchema } from './stitch';

/** One GraphQL request, as the webview, the CLI or another extension sends it. */
export interface GraphQLRequest {
	/** The document as text, or already parsed (typed documents from `graphql()` in src/graphql.ts). */
	query: string | DocumentNode;
	variables?: Record<string, unknown> | null;
	operationName?: string | null;
}

/** Options of a {@link Gateway}. */
export interface GatewayOptions extends GraphSources {
	limits?: OperationLimits;
	/**
	 * How operations run: `fused` (default) executes the subschemas merged in-process;
	 * `stitched` delegates through the stitch. Both answer the same graph; see `fuse.ts`.
	 */
	execution?: 'fused' | 'stitched';
}

/** Per-call options of {@link Gateway.execute}. */
export interface ExecuteOptions {
	/** Cancels the operation's remaining work (a batch of git writes stops between repositories). */
	signal?: AbortSignal;
}

/** A subscription's results; `return()` stops it and releases its listeners. */
export type SubscriptionResult = AsyncIterableIterator<ExecutionResult>;

interface PreparedOperation {
	prepared: true;
	document: DocumentNode;
	operation: OperationTypeNode;
}

function errorResult(errors: readonly GraphQLError[]): ExecutionResult {
	return { errors: [...errors] };
}

/**
 * The one entry to the graph: every face (tree views, status bar, webview, CLI, Node API) reads
 * through it. It parses and validates once per distinct document, enforces operation limits,
 * gives each operation a fresh context (so per-request DataLoaders never leak between requests),
 * and tracks live subscriptions so `dispose()` ends them all. It also times every query and
 * mutation it runs, for `diagnostics { graph }`.
 */
export class Gateway extends Disposable {
	private stitched: GraphQLSchema | undefined;
	/** The schema operations are validated against and run on (the stitched one, or the fused equivalent). */
	private readonly executionSchema: GraphQLSchema;
	private readonly documents: DocumentCache;
	private readonly limits: OperationLimits;
	private readonly subscriptions = new Set<SubscriptionResult>();
	private readonly sources: GraphSources;
	/** The flows' fixes and ships, shared by the fused and the stitched schema. */
	private readonly flows: FlowsState;
	private readonly metrics = new GraphMetrics(() => this.subscriptions.size);
	private readonly figures = (): GraphOperationsRecord => this.metrics.snapshot();

	constructor(options: GatewayOptions) {
		super();
		this.sources = options;
		this.flows = this._register(new FlowsState(options));
		// Stitching costs tens of milliseconds, so in fused mode it waits until someone asks for
		// the stitched schema (its SDL, mostly) instead of slowing every activation.
		this.executionSchema = options.execution === 'stitched' ? this.schema : createFusedSchema(createSubschemas(options, this.flows, this.figures), (path) => options.repos.get(path));
		this.documents = new DocumentCache(this.executionSchema);
		this.limits = options.limits ?? DEFAULT_LIMITS;
		this._register(
			toDisposable(() => {
				for (const iterator of [...this.subscriptions]) {
					void iterator.return?.();
				}
			}),
		);
	}

	/** The stitched schema: the definition of the graph (`schema.graphql`). */
	get schema(): GraphQLSchema {
		this.stitched ??= createStitchedSchema(this.sources, this.flows, this.figures);
		return this.stitched;
	}

	/** The stitched SDL. */
	get sdl(): string {
		return printStitchedSchema(this.schema);
	}

	/** Number of subscriptions still running (tests assert this returns to zero). */
	get activeSubscriptions(): number {
		return this.subscriptions.size;
	}

	/** Runs a query or mutation. Never rejects: failures come back as `errors`. */
	async execute(request: GraphQLRequest, options: ExecuteOptions = {}): Promise<ExecutionResult> {
		const prepared = this.prepare(request);
		if (!('prepared' in prepared)) {
			return prepared;
		}
		if (prepared.operation === OperationTypeNode.SUBSCRIPTION) {
			return errorResult([new GraphQLError('Use subscribe() for subscriptions.')]);
		}
		const started = performance.now();
		try {
			return withCodes(
				await execute({
					schema: this.executionSchema,
					document: prepared.document,
					variableValues: request.variables ?? undefined,
					operationName: request.operationName ?? undefined,
					contextValue: { signal: options.signal },
				}),
			);
		} catch (err) {
			return errorResult([toGraphQLError(err)]);
		} finally {
			// Failed operations count too: their time was spent all the same.
			this.metrics.record(performance.now() - started);
		}
	}

	/**
	 * Starts a subscription. Resolves to an async iterator of results, or to a single result with
	 * `errors` when the operation is invalid or the source refuses it. Never rejects.
	 */
	async subscribe(request: GraphQLRequest): Promise<SubscriptionResult | ExecutionResult> {
		if (this.isDisposed) {
			return errorResult([new GraphQLError('The graph has been disposed.')]);
		}
		const prepared = this.prepare(request);
		if (!('prepared' in prepared)) {
			return prepared;
		}
		if (prepared.operation !== OperationTypeNode.SUBSCRIPTION) {
			return errorResult([new GraphQLError('Use execute() for queries and mutations.')]);
		}
		let result: Awaited<ReturnType<typeof subscribe>>;
		try {
			result = await subscribe({
				schema: this.executionSchema,
				document: prepared.document,
				variableValues: request.variables ?? undefined,
				operationName: request.operationName ?? undefined,
				contextValue: {},
			});
		} catch (err) {
			return errorResult([toGraphQLError(err)]);
		}
		if (!(Symbol.asyncIterator in result)) {
			return result;
		}
		return this.track(result);
	}

	private track(inner: AsyncGenerator<ExecutionResult> | AsyncIterableIterator<ExecutionResult>): SubscriptionResult {
		const subscriptions = this.subscriptions;
		const wrapper: SubscriptionResult = {
			async next() {
				const r = await inner.next();
				if (r.done) {
					subscriptions.delete(wrapper);
					return r;
				}
				return { done: false, value: withCodes(r.value) };
			},
			async return() {
				subscriptions.delete(wrapper);
				return (await inner.return?.(undefined)) ?? { value: undefined, done: true };
			},
			[Symbol.asyncIterator]() {
				return this;
			},
		};
		subscriptions.add(wrapper);
		return wrapper;
	}

	private prepare(request: GraphQLRequest): PreparedOperation | ExecutionResult {
		const query = request?.query;
		if (typeof query !== 'string' && (typeof query !== 'object' || query === null || query.kind !== 'Document')) {
			return errorResult([new GraphQLError('The request has no query document.')]);
		}
		const cached = this.documents.get(query);
		if (cached.errors) {
			return errorResult(cached.errors);
		}
		const limitErrors = checkOperationLimits(cached.document, this.limits, request.variables ?? undefined);
		if (limitErrors.length > 0) {
			return errorResult(limitErrors);
		}
		const operation = getOperationAST(cached.document, request.operationName ?? undefined);
		if (!operation) {
			return errorResult([new GraphQLError(request.operationName ? `No operation named "${request.operationName}".` : 'The document must name which operation to run.')]);
		}
		return { prepared: true, document: cached.document, operation: operation.operation };
	}
}

function toGraphQLError(err: unknown): GraphQLError {
	return err instanceof GraphQLError ? err : new GraphQLError(redact(err instanceof Error ? err.message : String(err)), { extensions: { code: 'INTERNAL' } });
}

/**
 * Every error of a result carries a code. Adapters fail with `SourceError`s, whose code graphql-js
 * copies into `extensions`; anything else escaped an adapter's edge (a bug), so it is reported as
 * `INTERNAL`, and its message is redacted in case it quotes a credential.
 */
function withCodes(result: ExecutionResult): ExecutionResult {
	if (!result.errors?.some((e) => typeof e.extensions?.code !== 'string')) {
		return result;
	}
	const errors = result.errors.map((e) =>
		typeof e.extensions?.code === 'string'
			? e
			: new GraphQLError(redact(e.message), { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, originalError: e.originalError, extensions: { ...e.extensions, code: 'INTERNAL' } }),
	);
	return { ...result, errors };
}
