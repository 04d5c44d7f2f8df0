import { defineConfig } from '@playwright/test';

import base from './playwright.config';

/**
 * The app's benchmark (./skillswap bench app): the same browser and the same whole application as the browser tests,
 * one measurement run, figures printed and written to test-results/app-bench.json.
 */
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  outputDir: 'test-results/bench',
  timeout: 15 * 60_000,
  reporter: [['list']],
});
