import type { WebSocketRoute } from '@playwright/test';

import { directConversation, expect, shown, signedInThroughApi, snap, test } from './support/fixtures';

/**
 * A phone loses its network in the middle of a conversation: its realtime connection dies and cannot come back, its
 * requests fail. Meanwhile the other person sends three messages, and the phone's owner writes one (kept on the
 * device, shown as sending). When the network returns, the app reconnects by itself, catches up by sequence number —
 * the three messages appear, in order — and sends what waited, which the other person then sees.
 */
test('messages sent while the network was cut appear in order once it returns', async ({ browser, baseURL }, testInfo) => {
  const amelie = await signedInThroughApi(browser, baseURL!, 'Amélie', 'fr-FR');
  const ben = await signedInThroughApi(browser, baseURL!, 'Ben', 'en-GB');
  const conversationId = await directConversation(baseURL!, ben, amelie.userId);

  // Amélie's hub connection goes through a route the test can cut, as a network would.
  let cut = false;
  const sockets: WebSocketRoute[] = [];
  await amelie.page.routeWebSocket(/\/hubs\/chat/, (socket) => {
    if (cut) {
      void socket.close({ code: 4000, reason: 'network down' });
      return;
    }
    socket.connectToServer();
    sockets.push(socket);
  });

  await amelie.page.goto(`/chat/${conversationId}`);
  await ben.page.goto(`/chat/${conversationId}`);
  const amelieMessages = amelie.page.getByRole('list', { name: 'Messages' });
  const benMessages = ben.page.getByRole('list', { name: 'Messages' });
  await send(ben.page, 'Your message', 'Send', 'Before the tunnel');
  await expect(shown(amelieMessages, 'Before the tunnel')).toBeVisible();

  cut = true;
  await amelie.context.setOffline(true);
  await Promise.all(sockets.map((socket) => socket.close({ code: 4000, reason: 'network down' })));
  await expect(shown(amelie.page, /Hors ligne|Reconnexion/)).toBeVisible();
  for (const text of ['One', 'Two', 'Three']) {
    await send(ben.page, 'Your message', 'Send', text);
    await expect(shown(benMessages, text)).toBeVisible();
  }
  await send(amelie.page, 'Votre message', 'Envoyer', 'Écrit dans le tunnel');
  await expect(shown(amelieMessages, 'Envoi…')).toBeVisible();
  await expect(shown(amelieMessages, 'One')).toHaveCount(0);
  await snap(amelie.page, testInfo, 'amelie-offline');

  cut = false;
  await amelie.context.setOffline(false);

  await expect(shown(amelieMessages, 'Three')).toBeVisible({ timeout: 45_000 });
  const shownInOrder = await amelieMessages.getByRole('listitem').evaluateAll((bubbles) => bubbles.map((bubble) => bubble.getAttribute('aria-label') ?? ''));
  expect(shownInOrder.filter((label) => /Before the tunnel|One|Two|Three/.test(label)).map((label) => label.split(': ').pop())).toEqual([
    'Before the tunnel',
    'One',
    'Two',
    'Three',
  ]);
  await expect(shown(benMessages, 'Écrit dans le tunnel')).toBeVisible();
  await expect(shown(amelieMessages, 'Envoi…')).toHaveCount(0);
  await snap(amelie.page, testInfo, 'amelie-caught-up');
  await snap(ben.page, testInfo, 'ben-after-reconnection');
});

async function send(page: import('@playwright/test').Page, label: string, button: string, text: string) {
  await page.getByLabel(label, { exact: true }).fill(text);
  await page.getByRole('button', { name: button, exact: true }).click();
}
