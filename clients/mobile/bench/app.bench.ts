import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { directConversation, expect, signedInThroughApi, test } from '../e2e/support/fixtures';

const dist = path.join(__dirname, '..', 'dist');
const loads = 10;
const messages = 100;

/**
 * What a person waits for: how much the browser downloads, how soon the first screen shows and answers, and how long
 * a message takes from Send in one browser to the other browser's screen (through the app's server, the gateway, a
 * Chat replica, Orleans and the other replica's WebSocket).
 */
test('app figures', async ({ browser, baseURL }) => {
  const report: Record<string, unknown> = {};

  // 1. What the web build weighs: every script a first visit loads, and the whole build.
  const scripts = readdirSync(path.join(dist, '_expo', 'static', 'js', 'web')).map((name) => path.join(dist, '_expo', 'static', 'js', 'web', name));
  const index = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = scripts.filter((file) => index.includes(path.basename(file)));
  const gzip = (files: string[]) => files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
  report.bundle = {
    entryScripts: entry.map((file) => path.basename(file)),
    entryGzipBytes: gzip(entry),
    entryRawBytes: entry.reduce((sum, file) => sum + statSync(file).size, 0),
    allScriptsGzipBytes: gzip(scripts),
  };

  // 2. First screen and first answer, each load in a new browser context (nothing cached).
  const firstScreen: number[] = [];
  const interactive: number[] = [];
  for (let load = 0; load < loads; load++) {
    const context = await browser.newContext({ baseURL, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Create an account' }).waitFor();
    firstScreen.push(await page.evaluate(() => performance.now()));
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    interactive.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  report.load = { runs: loads, firstScreenMs: summary(firstScreen), interactiveMs: summary(interactive) };

  // 3. Send → visible on the other side, one message at a time (each waits for the previous to show).
  const amelie = await signedInThroughApi(browser, baseURL!, 'Amélie', 'fr-FR');
  const ben = await signedInThroughApi(browser, baseURL!, 'Ben', 'en-GB');
  const conversationId = await directConversation(baseURL!, ben, amelie.userId);
  await amelie.page.goto(`/chat/${conversationId}`);
  await ben.page.goto(`/chat/${conversationId}`);
  await expect(ben.page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await amelie.page.evaluate(() => {
    // Each message's arrival time, taken by the receiving page itself as the text enters its screen.
    const seen: Record<string, number> = {};
    (window as unknown as { seen: Record<string, number> }).seen = seen;
    new MutationObserver(() => {
      for (const item of document.querySelectorAll('[role="listitem"]')) {
        const label = item.getAttribute('aria-label') ?? '';
        const id = /bench-(\d+)/.exec(label)?.[1];
        if (id && !(id in seen)) {
          seen[id] = performance.timeOrigin + performance.now();
        }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const latencies: number[] = [];
  for (let index = 0; index < messages; index++) {
    await ben.page.getByLabel('Your message', { exact: true }).fill(`bench-${index}`);
    const sentAt = await ben.page.evaluate(() => {
      const at = performance.timeOrigin + performance.now();
      (document.querySelector('[aria-label="Send"]') as HTMLElement).click();
      return at;
    });
    await expect.poll(() => amelie.page.evaluate((id) => (window as unknown as { seen: Record<string, number> }).seen[id], String(index)), { timeout: 10_000 }).toBeTruthy();
    const seenAt = await amelie.page.evaluate((id) => (window as unknown as { seen: Record<string, number> }).seen[id]!, String(index));
    latencies.push(seenAt - sentAt);
  }
  report.sendToVisible = { messages, ms: summary(latencies) };

  writeFileSync(path.join(__dirname, '..', 'test-results', 'app-bench.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
});

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (quantile: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]! * 10) / 10;
  return { min: Math.round(sorted[0]! * 10) / 10, p50: at(0.5), p95: at(0.95), max: at(1) };
}
