/**
 * The packages section's styles, shipped with it (the page's CSP allows inline styles), so the
 * section moves to another page of the dashboard as one piece. Colours only from `--vscode-*`.
 */
export const PACKAGES_STYLE = `
section.packages { margin-top: 28px; border-top: 1px solid var(--vscode-panel-border); padding-top: 8px; }
section.packages h2 { font-size: 1.3em; font-weight: 600; margin: 8px 0 4px; }
section.packages h3 { font-size: 1.1em; font-weight: 600; margin: 16px 0 4px; }
section.packages .legend-outdated { color: var(--vscode-editorError-foreground); }
section.packages .badge { display: inline-block; min-width: 18px; padding: 0 6px; border-radius: 9px; text-align: center; font-size: 0.85em;
	background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
section.packages .graph-scroll { overflow-x: auto; margin-top: 8px; }
svg.package-graph { font-family: var(--vscode-font-family); font-size: 12px; }
svg.package-graph .node rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border)); stroke-width: 1; }
svg.package-graph .node.needs-release rect { stroke: var(--vscode-editorWarning-foreground); stroke-width: 2.5; }
svg.package-graph .node.private rect { stroke-dasharray: 2 2; }
svg.package-graph .node-name { fill: var(--vscode-foreground); font-weight: 600; }
svg.package-graph .node-detail { fill: var(--vscode-descriptionForeground); }
svg.package-graph .node.needs-release .node-detail { fill: var(--vscode-editorWarning-foreground); }
svg.package-graph .edge path { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.2; opacity: 0.8; }
svg.package-graph .edge.dev path { stroke-dasharray: 1 3; }
svg.package-graph .edge.outdated path { stroke: var(--vscode-editorError-foreground); stroke-width: 2; stroke-dasharray: 6 4; opacity: 1; }
svg.package-graph .arrow { fill: var(--vscode-descriptionForeground); }
svg.package-graph .arrow.outdated { fill: var(--vscode-editorError-foreground); }
svg.package-graph .edge-label { fill: var(--vscode-editorError-foreground); font-size: 11px; paint-order: stroke; stroke: var(--vscode-editor-background); stroke-width: 3px; }
section.packages td.why { white-space: normal; }
`;
