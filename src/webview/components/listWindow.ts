import type { RefObject } from 'preact';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

/** Lists longer than this are windowed; shorter ones draw every row, as they always did. */
export const WINDOW_THRESHOLD = 100;

/** Rows drawn past each edge of the visible part, so a short scroll shows drawn rows at once. */
const OVERSCAN = 8;

/** Rows drawn before the scroll box has been measured. */
const FIRST_ROWS = 40;

/** What a list tells its window. */
export interface ListWindowOptions {
	/** How many items the whole list has, after its filter and sort. */
	count: number;
	/** A stable key of item `index`: measured heights follow the item through a re-sort. */
	keyOf(index: number): string;
	/** The height of an item not drawn yet, in pixels; drawn items are measured. */
	estimate: number;
	/** Items the keys move through (runs, not the lines over groups of them); all of them when absent. */
	focusable?(index: number): boolean;
	/** The item in the tab order while none of the list was focused (the selected one). */
	preferred?: number;
	/** Overrides {@link WINDOW_THRESHOLD}. */
	threshold?: number;
}

/** The part of a list to draw, and the handlers that keep it in step with scrolling and the keys. */
export interface ListWindow {
	/** Whether the list is long enough to be windowed. */
	windowed: boolean;
	/** Draw items `start` to `end - 1`; every item when not windowed. */
	start: number;
	end: number;
	/** Heights in pixels of the items not drawn above and below. */
	before: number;
	after: number;
	/** The item in the tab order: the one last focused, else the preferred one, else the first, while drawn. */
	tabStop: number;
	/** On the element that scrolls (it scrolls only while windowed). */
	scroller: RefObject<HTMLDivElement | null>;
	onScroll(): void;
	/** On the element holding the items: arrows, Home, End, PageUp and PageDown on a focused item. */
	onKeyDown(event: KeyboardEvent): void;
	onFocusIn(event: FocusEvent): void;
	/** Scrolls item `index` into view (drawing it) and focuses it. */
	focus(index: number): void;
}

/** The attribute each drawn item carries, with its index in the whole list. */
export const WINDOW_INDEX = 'data-window-index';

function indexOf(element: Element | null): number {
	const item = element?.closest(`[${WINDOW_INDEX}]`);
	return item ? Number(item.getAttribute(WINDOW_INDEX)) : -1;
}

/** The first index whose item ends below `y` (offsets are the items' tops, plus the total). */
function itemAt(offsets: Float64Array, y: number): number {
	let lo = 0;
	let hi = offsets.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (offsets[mid + 1] <= y) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/**
 * Windowing for a long list: only the items in and near the visible part of its scroll box are
 * drawn, with spacers of the others' height, so a list of hundreds of rows scrolls and updates as
 * one of thirty does. Heights are measured as items are drawn (keyed, so a re-sort keeps them) and
 * estimated until then. The keys move the focus over the whole list, not only the drawn part:
 * an item out of view is scrolled to and drawn first. Sorting and filtering stay the list's own:
 * the window sees only the count and the keys of the result.
 */
export function useListWindow(options: ListWindowOptions): ListWindow {
	const { count, keyOf, estimate, focusable } = options;
	const windowed = count > (options.threshold ?? WINDOW_THRESHOLD);
	const scroller = useRef<HTMLDivElement>(null);
	const heights = useRef(new Map<string, number>());
	// Where the first item starts in the scroll box (below a table's header), and what is visible.
	const view = useRef({ base: 0, top: 0, height: 0 });
	const pendingFocus = useRef<number | undefined>(undefined);
	const [measured, setMeasured] = useState(0);
	const [range, setRange] = useState<[number, number]>([0, FIRST_ROWS]);
	const [focused, setFocused] = useState(-1);

	const offsets = useMemo(() => {
		const tops = new Float64Array(count + 1);
		for (let i = 0; i < count; i++) {
			tops[i + 1] = tops[i] + (heights.current.get(keyOf(i)) ?? estimate);
		}
		return tops;
		// `measured` counts the changes to `heights`, which is a ref.
	}, [count, keyOf, estimate, measured]);

	const compute = useCallback((): [number, number] => {
		const { top, height } = view.current;
		if (!height) {
			return [0, Math.min(count, FIRST_ROWS)];
		}
		const first = itemAt(offsets, top);
		const last = itemAt(offsets, top + height);
		return [Math.max(0, first - OVERSCAN), Math.min(count, last + 1 + OVERSCAN)];
	}, [offsets, count]);

	const update = useCallback(() => {
		const box = scroller.current;
		if (box) {
			view.current.top = Math.max(0, box.scrollTop - view.current.base);
			view.current.height = Math.max(0, box.clientHeight - view.current.base);
		}
		const next = compute();
		setRange((r) => (r[0] === next[0] && r[1] === next[1] ? r : next));
	}, [compute]);

	const [start, end] = windowed ? [Math.min(range[0], count), Math.min(range[1], count)] : [0, count];

	// After each draw: measure what was drawn, then focus an item the keys asked for.
	useLayoutEffect(() => {
		const box = scroller.current;
		if (!box || !windowed) {
			return;
		}
		const items = [...box.querySelectorAll<HTMLElement>(`[${WINDOW_INDEX}]`)];
		let changed = false;
		const boxTop = box.getBoundingClientRect().top;
		for (const [n, item] of items.entries()) {
			const index = Number(item.getAttribute(WINDOW_INDEX));
			const rect = item.getBoundingClientRect();
			if (n === 0) {
				view.current.base = rect.top - boxTop + box.scrollTop - offsets[index];
			}
			// The distance to the next item counts the margin between them; the last has only its own.
			const next = items[n + 1];
			const height = next && Number(next.getAttribute(WINDOW_INDEX)) === index + 1 ? next.getBoundingClientRect().top - rect.top : rect.height;
			const key = keyOf(index);
			if (height > 0 && Math.abs((heights.current.get(key) ?? -1) - height) > 0.5) {
				heights.current.set(key, height);
				changed = true;
			}
		}
		if (changed) {
			setMeasured((m) => m + 1);
		} else {
			update();
		}
		const want = pendingFocus.current;
		const element = want === undefined ? undefined : box.querySelector<HTMLElement>(`[${WINDOW_INDEX}="${want}"]`);
		if (element) {
			pendingFocus.current = undefined;
			element.focus({ preventScroll: true });
		}
	});

	useLayoutEffect(() => {
		const box = scroller.current;
		if (!box || !windowed || typeof ResizeObserver === 'undefined') {
			return;
		}
		const observer = new ResizeObserver(() => update());
		observer.observe(box);
		return () => observer.disconnect();
	}, [windowed, update]);

	const reveal = useCallback(
		(index: number) => {
			const box = scroller.current;
			if (!box || !windowed) {
				return;
			}
			const { base } = view.current;
			const top = offsets[index];
			const bottom = offsets[index + 1];
			const visible = box.clientHeight - base;
			if (top < box.scrollTop) {
				box.scrollTop = top;
			} else if (bottom > box.scrollTop + visible) {
				box.scrollTop = bottom - visible;
			}
			update();
		},
		[offsets, windowed, update],
	);

	const focus = useCallback(
		(index: number) => {
			if (index < 0 || index >= count) {
				return;
			}
			reveal(index);
			const element = scroller.current?.querySelector<HTMLElement>(`[${WINDOW_INDEX}="${index}"]`);
			if (element) {
				element.focus({ preventScroll: windowed });
			} else {
				// Drawn by the update `reveal` asked for; the effect after it focuses.
				pendingFocus.current = index;
			}
		},
		[count, reveal, windowed],
	);

	const canFocus = useCallback((i: number) => !focusable || focusable(i), [focusable]);
	const step = useCallback(
		(from: number, by: number) => {
			const dir = Math.sign(by) || 1;
			let target = Math.max(0, Math.min(count - 1, from + by));
			while (target >= 0 && target < count && !canFocus(target)) {
				target += dir;
			}
			if (target < 0 || target >= count) {
				// Nothing that way past the edge: look back towards where we were.
				for (target = Math.max(0, Math.min(count - 1, from + by)); target !== from && !canFocus(target); target -= dir) {
					// keep looking
				}
			}
			return target;
		},
		[count, canFocus],
	);

	const onKeyDown = useCallback(
		(event: KeyboardEvent) => {
			const target = event.target as Element | null;
			// Only a focused item moves: the keys in a text box or a button inside one are theirs.
			if (!target?.hasAttribute(WINDOW_INDEX)) {
				return;
			}
			const at = indexOf(target);
			const page = Math.max(1, Math.floor((view.current.height || 10 * estimate) / estimate) - 1);
			const moves: Record<string, () => number> = {
				ArrowDown: () => step(at, 1),
				ArrowUp: () => step(at, -1),
				PageDown: () => step(at, page),
				PageUp: () => step(at, -page),
				Home: () => step(-1, 1),
				End: () => step(count, -1),
			};
			const move = moves[event.key];
			if (!move) {
				return;
			}
			event.preventDefault();
			focus(move());
		},
		[count, estimate, focus, step],
	);

	const onFocusIn = useCallback((event: FocusEvent) => {
		const at = indexOf(event.target as Element | null);
		if (at >= 0) {
			setFocused(at);
		}
	}, []);

	const firstDrawn = (() => {
		for (let i = start; i < end; i++) {
			if (canFocus(i)) {
				return i;
			}
		}
		return start;
	})();
	const drawn = (i: number | undefined): i is number => i !== undefined && i >= start && i < end && canFocus(i);
	const tabStop = drawn(focused) ? focused : drawn(options.preferred) ? options.preferred : firstDrawn;

	const onScroll = update;
	return { windowed, start, end, before: windowed ? offsets[start] : 0, after: windowed ? offsets[count] - offsets[end] : 0, tabStop, scroller, onScroll, onKeyDown, onFocusIn, focus };
}
