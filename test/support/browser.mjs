// Headless Chromium for the test tiers, through playwright-core and the system's Debian chromium
// (Playwright's own browser download is not available offline).
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Chromium used when CHROMIUM_PATH is not set. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

// Without the background-networking switches Chromium keeps dialling Google's services, which a
// closed network refuses over and over; --no-sandbox because CI runs as root.
const ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/**
 * Starts Chromium with a persistent profile in `profileDir` (Playwright refuses
 * `--user-data-dir` among the args, so the profile goes through this API instead).
 * @param {string} profileDir
 * @param {{ width?: number, height?: number }} [viewport]
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launchBrowser(profileDir, { width = 1440, height = 900 } = {}) {
	mkdirSync(profileDir, { recursive: true });
	return chromium.launchPersistentContext(profileDir, {
		executablePath: process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM,
		headless: true,
		args: ARGS,
		viewport: { width, height },
		timeout: 60_000,
	});
}
