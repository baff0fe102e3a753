/**
 * Checks response bodies against GitHub's official OpenAPI description, so the stand-in cannot
 * drift into a GitHub of its own imagining. Reads the vendored subset
 * (scripts/trim-github-openapi.mjs writes it) and compiles each response schema on first use.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The outcome of one check: what the body was checked against, and the errors if any. */
export interface ValidationResult {
	readonly against: string;
	readonly errors: string | undefined;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const DOCUMENT_ID = 'github-openapi.json';
/** A response schema: its pointer in the document and a name for messages. */
interface SchemaRef {
	readonly pointer: string;
	readonly name: string;
}

const FALLBACK: SchemaRef = { pointer: '#/components/schemas/basic-error', name: 'basic-error' };

/**
 * Rewrites OpenAPI 3.0's `nullable: true` as JSON Schema: `type` gains `null`, and an `enum`
 * gains `null` too (GitHub's description says `nullable` on enums it forgets to extend), and
 * a type-less schema becomes `anyOf [null, schema]`.
 */
export function translateNullable(node: Json): Json {
	if (Array.isArray(node)) {
		return node.map(translateNullable);
	}
	if (node === null || typeof node !== 'object') {
		return node;
	}
	const out: JsonObject = {};
	for (const [key, value] of Object.entries(node)) {
		out[key] = translateNullable(value);
	}
	if (out.nullable !== true) {
		return out;
	}
	delete out.nullable;
	if (Array.isArray(out.enum) && !out.enum.includes(null)) {
		out.enum = [...out.enum, null];
	}
	if (typeof out.type === 'string') {
		out.type = [out.type, 'null'];
		return out;
	}
	if (Array.isArray(out.type)) {
		if (!out.type.includes('null')) {
			out.type = [...out.type, 'null'];
		}
		return out;
	}
	return { anyOf: [{ type: 'null' }, out] };
}

/** JSON pointer escaping, then URI-fragment escaping, for a path segment. */
function pointerSegment(segment: string): string {
	return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

/** Validates response bodies by operation and status. Build once and share: compiling is the cost. */
export class OpenApiValidator {
	private readonly ajv: Ajv;
	private readonly document: JsonObject;
	private readonly compiled = new Map<string, ValidateFunction>();

	constructor(subsetPath = join(__dirname, 'openapi-subset.json')) {
		this.document = translateNullable(JSON.parse(readFileSync(subsetPath, 'utf8')) as Json) as JsonObject;
		// strict:false because OpenAPI adds keywords JSON Schema lacks (discriminator, example, x-*).
		this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
		addFormats(this.ajv);
		// OpenAPI's numeric formats carry no constraint worth checking here.
		for (const format of ['int32', 'int64', 'float', 'double', 'binary', 'password']) {
			if (!this.ajv.formats[format]) {
				this.ajv.addFormat(format, true);
			}
		}
		this.ajv.addSchema(this.document, DOCUMENT_ID);
	}

	/** Path templates the description documents, for route tables to check themselves against. */
	get templates(): string[] {
		return Object.keys(this.document.paths as JsonObject);
	}

	/** Operation id of a documented method and path template. */
	operationId(method: string, template: string): string | undefined {
		const operation = this.operation(method, template);
		return typeof operation?.operationId === 'string' ? operation.operationId : undefined;
	}

	/**
	 * Checks a body. `template` is the matched OpenAPI path, or undefined when no route matched
	 * (GitHub still answers with its error shape). An empty body is `undefined`.
	 */
	validate(method: string, template: string | undefined, status: number, body: unknown): ValidationResult {
		const operation = template ? this.operation(method, template) : undefined;
		const label = operation ? `${String(operation.operationId)} ${status}` : `${method.toUpperCase()} ${template ?? '(no route)'} ${status}`;
		if (status === 304) {
			// Any GET may answer a conditional request with 304, which never has a body.
			return { against: `${label} (no body)`, errors: body === undefined ? undefined : 'a 304 must not have a body' };
		}
		const response = operation && template ? this.response(method, template, operation, status) : status >= 400 ? FALLBACK : 'undocumented';
		if (response === 'undocumented') {
			return { against: label, errors: `status ${status} is not documented for this operation` };
		}
		if (response === undefined) {
			return { against: `${label} (no body)`, errors: body === undefined ? undefined : 'the description documents no body for this status' };
		}
		if (body === undefined) {
			return { against: label, errors: 'the description documents a body, but none was sent' };
		}
		const pointer = response.pointer;
		let validate = this.compiled.get(pointer);
		if (!validate) {
			validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
			this.compiled.set(pointer, validate);
		}
		if (validate(body)) {
			return { against: `${label} ${response.name}`, errors: undefined };
		}
		return { against: `${label} ${response.name}`, errors: this.ajv.errorsText(validate.errors, { separator: '\n', dataVar: 'body' }) };
	}

	private operation(method: string, template: string): JsonObject | undefined {
		const item = (this.document.paths as JsonObject)[template] as JsonObject | undefined;
		return item?.[method.toLowerCase()] as JsonObject | undefined;
	}

	/** The schema pointer for a status, `undefined` for a documented empty body. */
	private response(method: string, template: string, operation: JsonObject, status: number): SchemaRef | 'undocumented' | undefined {
		let response = (operation.responses as JsonObject)[String(status)] as JsonObject | undefined;
		if (!response) {
			// GitHub answers auth, rate-limit and server errors on every operation with its
			// basic error body, though the description lists them on few.
			return status >= 400 ? FALLBACK : 'undocumented';
		}
		let pointer = `#/paths/${pointerSegment(template)}/${method.toLowerCase()}/responses/${status}`;
		if (typeof response.$ref === 'string') {
			pointer = response.$ref.split('/').map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
			response = this.resolve(response.$ref);
		}
		const content = response.content as JsonObject | undefined;
		if (!content) {
			return undefined;
		}
		const type = 'application/json' in content ? 'application/json' : Object.keys(content)[0];
		const schema = (content[type] as JsonObject).schema as JsonObject;
		const name = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop()! : 'inline schema';
		return { pointer: `${pointer}/content/${pointerSegment(type)}/schema`, name };
	}

	private resolve(ref: string): JsonObject {
		let node: Json = this.document;
		for (const segment of ref.replace(/^#\//, '').split('/')) {
			node = (node as JsonObject)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
		}
		return node as JsonObject;
	}
}

let shared: OpenApiValidator | undefined;

/** One validator per process: every stand-in shares the compiled schemas. */
export function sharedValidator(): OpenApiValidator {
	shared ??= new OpenApiValidator();
	return shared;
}
