import type { ComponentChildren, TableHTMLAttributes } from 'preact';
import { useCallback } from 'preact/hooks';
import { type ListWindow, useListWindow, WINDOW_INDEX } from './listWindow';

/** What an item needs on its outermost element so the window can measure, count and focus it. */
export interface WindowItemProps {
	[WINDOW_INDEX]: number;
	tabIndex: number;
}

/** Builds {@link WindowItemProps}: in the tab order only when it is the list's tab stop. */
export function windowItemProps(index: number, tabStop: boolean): WindowItemProps {
	return { [WINDOW_INDEX]: index, tabIndex: tabStop ? 0 : -1 };
}

/** How a windowed list draws: its items, how to key and draw one, and an estimate of its height. */
interface WindowedProps<T> {
	items: readonly T[];
	keyOf(item: T): string;
	/** Draws `item`, the list's `index`th; its outer element spreads {@link windowItemProps}. */
	render(item: T, index: number, tabStop: boolean): ComponentChildren;
	/** Pixels, for the items not drawn yet. */
	estimate: number;
	focusable?(item: T): boolean;
	/** The item in the tab order while nothing in the list was focused. */
	preferred?: number;
	/** A test id for the scroll box. */
	testId?: string;
}

function useWindowOver<T>({ items, keyOf, estimate, focusable, preferred }: WindowedProps<T>): ListWindow {
	const key = useCallback((i: number) => keyOf(items[i]!), [items, keyOf]);
	const canFocus = useCallback((i: number) => !focusable || focusable(items[i]!), [items, focusable]);
	return useListWindow({ count: items.length, keyOf: key, estimate, focusable: focusable && canFocus, preferred });
}

function drawn<T>(props: WindowedProps<T>, win: ListWindow): ComponentChildren[] {
	return props.items.slice(win.start, win.end).map((item, n) => props.render(item, win.start + n, win.start + n === win.tabStop));
}

/**
 * A table whose body is windowed past {@link WINDOW_THRESHOLD} rows (see {@link useListWindow}):
 * it scrolls in a box of its own with the header kept in view, `aria-rowcount` and each row's
 * `aria-rowindex` say the whole table's size and where a row is in it (the header is row 1), and
 * the keys move the focus over every row. Shorter tables draw every row, as before.
 */
export function WindowedTable<T>(props: WindowedProps<T> & { head: ComponentChildren; columns: number; table?: TableHTMLAttributes<HTMLTableElement>; onBodyKeyDown?(event: KeyboardEvent): void }) {
	const win = useWindowOver(props);
	const onKeyDown = (event: KeyboardEvent) => {
		win.onKeyDown(event);
		if (!event.defaultPrevented) {
			props.onBodyKeyDown?.(event);
		}
	};
	const spacer = (height: number, key: string) => (
		<tr key={key} class="window-spacer" aria-hidden="true">
			<td colSpan={props.columns} style={{ height: `${height}px` }} />
		</tr>
	);
	return (
		<div ref={win.scroller} class={`list-window${win.windowed ? ' windowed' : ''}`} onScroll={win.onScroll} data-testid={props.testId}>
			<table {...props.table} aria-rowcount={props.items.length + 1}>
				{props.head}
				<tbody onKeyDown={onKeyDown} onFocusIn={win.onFocusIn}>
					{win.before > 0 && spacer(win.before, 'window-before')}
					{drawn(props, win)}
					{win.after > 0 && spacer(win.after, 'window-after')}
				</tbody>
			</table>
		</div>
	);
}

/**
 * A feed of articles (ARIA's pattern for a long list of them), windowed as {@link WindowedTable}
 * is; each article says where it is with `aria-posinset` and `aria-setsize`.
 */
export function WindowedFeed<T>(props: WindowedProps<T> & { label: string }) {
	const win = useWindowOver(props);
	return (
		<div ref={win.scroller} class={`list-window feed${win.windowed ? ' windowed' : ''}`} onScroll={win.onScroll} data-testid={props.testId}>
			<div role="feed" aria-label={props.label} onKeyDown={win.onKeyDown} onFocusIn={win.onFocusIn}>
				{win.before > 0 && <div key="window-before" aria-hidden="true" style={{ height: `${win.before}px` }} />}
				{drawn(props, win)}
				{win.after > 0 && <div key="window-after" aria-hidden="true" style={{ height: `${win.after}px` }} />}
			</div>
		</div>
	);
}
