/**
 * An SDL enum from one of the contracts' code lists, so the schema documents exactly the codes
 * the adapters raise (the lists are the single source; see `contracts/sourceError.ts`).
 */
export function enumSdl(name: string, description: string, values: readonly string[]): string {
	return `"""${description}"""\n\tenum ${name} {\n${values.map((v) => `\t\t${v}`).join('\n')}\n\t}`;
}
