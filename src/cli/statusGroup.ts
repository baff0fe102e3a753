/**
 * The repository group `meta-gothic status --group` names, read as the graph reads it: the
 * setting `metaGothic.repos.groups` of each root's `.vscode/settings.json`, compiled against the
 * roots. `main.ts` requires this module only when `--group` is given, so a plain `status` never
 * evaluates the glob matcher.
 */
import { readGroupsSetting } from '../git/groupSettings';
import { RepositoryGroup, RepositoryGroups } from '../common/repositoryGroups';

export { RepositoryGroupError } from '../common/repositoryGroups';

/**
 * The group `name` of the settings below `roots` (absolute). Throws a `RepositoryGroupError`
 * when it is not defined (the message names the groups that are) or is invalid, and the reason
 * when a settings file cannot be read.
 */
export async function readRepositoryGroup(roots: readonly string[], name: string): Promise<RepositoryGroup> {
	return RepositoryGroups.fromSetting(await readGroupsSetting(roots), roots).require(name);
}
