import * as vscode from 'vscode';
import type { RepositoryFilter } from '../repositoryFilter';
import { createCommand } from './createCommand';

interface GroupItem extends vscode.QuickPickItem {
	group: string | undefined;
}

/** Asks which group to show; `null` when the pick was dismissed. */
async function pickGroup(filter: RepositoryFilter): Promise<string | undefined | null> {
	const groups = filter.groups.all;
	if (groups.length === 0) {
		const choice = await vscode.window.showInformationMessage('No repository group is defined. Add groups to the setting metaGothic.repos.groups.', 'Open Settings');
		if (choice === 'Open Settings') {
			await vscode.commands.executeCommand('workbench.action.openSettings', 'metaGothic.repos.groups');
		}
		return null;
	}
	const items: GroupItem[] = [
		{ label: '$(list-flat) All repositories', description: filter.group === undefined ? 'active' : undefined, group: undefined },
		{ label: '', kind: vscode.QuickPickItemKind.Separator, group: undefined },
		...groups.map((g) => ({
			label: `$(filter) ${g.name}`,
			description: [g.name === filter.group ? 'active' : '', g.error ? '$(warning) invalid' : g.patterns.join(', ')].filter(Boolean).join(' · '),
			detail: g.error ?? undefined,
			group: g.name,
		})),
	];
	const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Show the repositories of a group', matchOnDescription: true });
	return picked ? picked.group : null;
}

/**
 * Registers *Filter by Group…* and *Clear Filter*. Filter by Group takes an optional group name
 * (keybindings, tests); without one it asks, with "All repositories" first.
 */
export function registerFilterCommands(filter: RepositoryFilter): vscode.Disposable[] {
	return [
		createCommand('metaGothic.repos.filterByGroup', async (name?: unknown) => {
			const group = typeof name === 'string' ? name : name === null ? undefined : await pickGroup(filter);
			if (group !== null) {
				await filter.setGroup(group);
			}
			return filter.group;
		}),
		createCommand('metaGothic.repos.clearFilter', async () => {
			await filter.setGroup(undefined);
		}),
	];
}
