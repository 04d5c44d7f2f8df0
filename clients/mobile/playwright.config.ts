import { existsSync } from 'node:fs';

import { defineConfig } from '@playwright/test';

/**
 * E2E smoke tests against the exported web build.
 * - SKILLSWAP_APP_URL set: tests run against that URL, no server is started.
 * - otherwise: `scripts/serve-web.mjs` serves dist/ (run `npm run build:web` first).
 * Browser: Debian's /usr/bin/chromium (or CHROMIUM_PATH); Playwright's own browser
 * download is not used (install with PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1).
 */
const externalUrl = process.env.SKILLSWAP_APP_URL;
const port = Number(process.env.SKILLSWAP_E2E_PORT ?? 4173);
const baseURL = externalUrl ?? `http://127.0.0.1:${port}`;
const chromiumPath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: './e2e',
  outputDir: 'test-results/playwright',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['junit', { outputFile: process.env.PLAYWRIGHT_JUNIT_OUTPUT_FILE ?? 'e2e-results/junit.xml' }],
  ],
  use: {
    baseURL,
    headless: true,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 390, height: 844 } } }],
  webServer: externalUrl
    ? undefined
    : {
        command: `node scripts/serve-web.mjs --port ${port}`,
        url: baseURL,
        reuseExistingServer: !process.env.CI,
        timeout: 30_000,
        stdout: 'pipe',
      },
});
