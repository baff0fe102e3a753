import type { BrowserContext } from 'playwright-core';

/** Chromium used when CHROMIUM_PATH is not set. */
export const DEFAULT_CHROMIUM: string;

/** Starts headless Chromium with a persistent profile in `profileDir`. */
export function launchBrowser(profileDir: string, viewport?: { width?: number; height?: number }): Promise<BrowserContext>;
