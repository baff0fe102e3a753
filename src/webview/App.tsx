import { VscodeTabHeader, VscodeTabPanel, VscodeTabs } from './elements';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { DASHBOARD_PAGES, type DashboardPage } from '../protocol/messages';
import { ShellContext, type Shell } from './pageContext';
import { AgentsPage } from './pages/AgentsPage';
import { ChangesPage } from './pages/ChangesPage';
import { DiagnosticsPage } from './pages/DiagnosticsPage';
import { OverviewPage } from './pages/OverviewPage';
import { PipelinesPage } from './pages/PipelinesPage';
import { PackagesSection } from './packages/PackagesSection';

const TITLES: Record<DashboardPage, string> = {
	overview: 'Overview',
	changes: 'Changes',
	pipelines: 'Pipelines',
	agents: 'Agents',
	diagnostics: 'Diagnostics',
	packages: 'Packages',
};

/** Where the dashboard is: its page and that page's filter. */
export interface Location {
	page: DashboardPage;
	filter: string;
}

/**
 * The dashboard: one tab per page. Only the shown page is mounted, so only its queries and
 * subscriptions run; the shell keeps the location (the page saves it for a revived panel).
 */
export function App({ location, shell }: { location: Location; shell: Shell }) {
	const tabs = useRef<HTMLElement>(null);
	const index = DASHBOARD_PAGES.indexOf(location.page);
	useEffect(() => {
		const element = tabs.current;
		if (!element) {
			return;
		}
		const onSelect = (event: Event) => {
			const selected = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
			const page = DASHBOARD_PAGES[selected];
			if (page && page !== location.page) {
				shell.navigate(page);
			}
		};
		element.addEventListener('vsc-tabs-select', onSelect);
		return () => element.removeEventListener('vsc-tabs-select', onSelect);
	}, [shell, location.page]);
	// Set as a property: the element keeps its own selection once a header was clicked.
	useEffect(() => {
		const element = tabs.current as (HTMLElement & { selectedIndex?: number }) | null;
		if (element && element.selectedIndex !== index) {
			element.selectedIndex = index;
		}
	}, [index]);
	const value = useMemo(() => shell, [shell]);
	return (
		<ShellContext.Provider value={value}>
			<main data-testid="dashboard" data-page={location.page}>
				<header>
					<h1>Meta GOTHIC</h1>
				</header>
				<VscodeTabs ref={tabs} selected-index={index} data-testid="tabs">
					{DASHBOARD_PAGES.map((page) => (
						<VscodeTabHeader key={`h-${page}`} slot="header" data-testid={`tab-${page}`}>
							{TITLES[page]}
						</VscodeTabHeader>
					))}
					{DASHBOARD_PAGES.map((page) => (
						<VscodeTabPanel key={`p-${page}`} data-testid={`panel-${page}`}>
							{page === location.page && <Page page={page} filter={location.filter} />}
						</VscodeTabPanel>
					))}
				</VscodeTabs>
			</main>
		</ShellContext.Provider>
	);
}

function Page({ page, filter }: { page: DashboardPage; filter: string }) {
	switch (page) {
		case 'overview':
			return <OverviewPage filter={filter} />;
		case 'changes':
			return <ChangesPage />;
		case 'pipelines':
			return <PipelinesPage filter={filter} />;
		case 'agents':
			return <AgentsPage filter={filter} />;
		case 'diagnostics':
			return <DiagnosticsPage />;
		case 'packages':
			return <PackagesSection />;
	}
}
