import { expect, snap, test } from './support/fixtures';

/** The app on the narrowest phone people still use (320 px) and on a desktop browser: nothing runs off the side. */
for (const viewport of [
  { name: 'phone-320', width: 320, height: 640 },
  { name: 'desktop-1280', width: 1280, height: 800 },
]) {
  test(`the public screens fit a ${viewport.width} px wide window`, async ({ browser, baseURL }, testInfo) => {
    const context = await browser.newContext({ baseURL, viewport, locale: 'fr-FR' });
    const page = await context.newPage();
    for (const [path, heading] of [
      ['/', 'SkillSwap'],
      ['/sign-up', 'Créer votre compte'],
      ['/sign-in', 'Connexion'],
      ['/forgot-password', 'Mot de passe oublié'],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} is wider than the window`).toBeLessThanOrEqual(0);
      await snap(page, testInfo, `${viewport.name}${path.replace(/\//g, '-') || '-welcome'}`);
    }
    await context.close();
  });
}
