import { expect, test } from '@playwright/test';

test('web build shows the SkillSwap home screen', async ({ page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('pageerror', (err) => consoleErrors.push(err.message));

  await page.goto('/');

  const heading = page.getByRole('heading', { name: 'SkillSwap' });
  await expect(heading).toBeVisible();

  const screenshot = testInfo.outputPath('home.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('home', { path: screenshot, contentType: 'image/png' });

  expect(consoleErrors).toEqual([]);
});

test('unknown paths are served the app (SPA fallback) and the router handles them', async ({ page }) => {
  const response = await page.goto('/some/deep/link');
  expect(response?.status()).toBe(200);
  // The JS bundle booted and rendered something (expo-router's not-found screen for now).
  await expect(page.locator('#root')).not.toBeEmpty();
});
