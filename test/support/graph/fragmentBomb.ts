/**
 * A "fragment bomb": each fragment spreads the one before it twice, so the document is linear in
 * `levels` while a naive walk of it does 2^levels work.
 */
export function fragmentBomb(levels: number): string {
	const fragments = ['fragment F0 on Query { health { status } }'];
	for (let i = 1; i <= levels; i++) {
		fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
	}
	return `{ ...F${levels} } ${fragments.join(' ')}`;
}
