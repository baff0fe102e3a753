import type * as vscode from 'vscode';

/** One row of the tree as a person reads it. */
export interface DescribedNode {
	readonly label: string;
	readonly description: string;
	readonly contextValue: string;
	readonly icon: string;
	/** The command a click runs, if any. */
	readonly command?: string;
	readonly children: DescribedNode[];
}

function labelText(label: string | vscode.TreeItemLabel | undefined): string {
	return typeof label === 'string' ? label : (label?.label ?? '');
}

/**
 * The rows a tree provider gives, `depth` levels deep: what the view shows, for tests and
 * diagnostics (there is no API to read another extension's tree).
 */
export async function describeTree<T>(provider: vscode.TreeDataProvider<T>, depth: number, node?: T): Promise<DescribedNode[]> {
	const children = (await provider.getChildren(node)) ?? [];
	return Promise.all(
		children.map(async (child) => {
			const item = await provider.getTreeItem(child);
			const icon = item.iconPath && typeof item.iconPath === 'object' && 'id' in item.iconPath ? String(item.iconPath.id) : '';
			return {
				label: labelText(item.label),
				description: typeof item.description === 'string' ? item.description : '',
				contextValue: item.contextValue ?? '',
				icon,
				...(item.command ? { command: item.command.command } : {}),
				children: depth > 1 && item.collapsibleState ? await describeTree(provider, depth - 1, child) : [],
			};
		}),
	);
}
