import { DocumentNode, GraphQLError, GraphQLSchema, parse, validate } from 'graphql';

/** A parsed and validated document, or why it is not one. */
export type CachedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/**
 * Parses and validates documents once: the dashboard sends the same few operations over and
 * over, and parse + validate dominate the cost of a warm query. Least-recently-used eviction.
 */
export class DocumentCache {
	private readonly entries = new Map<string, CachedDocument>();
	private readonly parsed = new WeakMap<DocumentNode, CachedDocument>();

	constructor(
		private readonly schema: GraphQLSchema,
		private readonly maxEntries = 500,
		private readonly maxSourceLength = 100_000,
	) {}

	get(source: string | DocumentNode): CachedDocument {
		if (typeof source !== 'string') {
			let entry = this.parsed.get(source);
			if (!entry) {
				const errors = validate(this.schema, source);
				entry = errors.length > 0 ? { errors } : { document: source };
				this.parsed.set(source, entry);
			}
			return entry;
		}
		const hit = this.entries.get(source);
		if (hit) {
			// Re-insert so Map order tracks recency.
			this.entries.delete(source);
			this.entries.set(source, hit);
			return hit;
		}
		const entry = this.load(source);
		this.entries.set(source, entry);
		if (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value;
			if (oldest !== undefined) {
				this.entries.delete(oldest);
			}
		}
		return entry;
	}

	private load(source: string): CachedDocument {
		if (source.length > this.maxSourceLength) {
			return { errors: [new GraphQLError(`The document is ${source.length} characters long; the limit is ${this.maxSourceLength}.`)] };
		}
		let document: DocumentNode;
		try {
			// maxTokens bounds the parser's work on hostile input before any validation runs.
			document = parse(source, { maxTokens: 5000 });
		} catch (err) {
			return { errors: [err instanceof GraphQLError ? err : new GraphQLError(String(err))] };
		}
		const errors = validate(this.schema, document);
		return errors.length > 0 ? { errors } : { document };
	}
}
