import { expect, linkInEmail, password, signedInThroughApi, directConversation, snap, test } from './support/fixtures';

/**
 * The staff console in the app's web build, against the whole application: a member reports an insult; the admin the
 * application was started with makes a colleague a moderator; she signs in, finds the case in the queue, takes it,
 * warns the sender with a reason, and sees the decision in the case's audit trail and in the audit log; the sender
 * contests it from his email's link and the case comes back under appeal for someone else; then the figures page
 * draws the funnel, the cohorts, the NPS trend and the activity from what Administration measured.
 */
test('a moderator decides a reported message in the console, the audit log shows it, and the figures are drawn', async ({ browser, baseURL }, testInfo) => {
  const staffEmail = process.env.SKILLSWAP_STAFF_EMAIL;
  test.skip(!staffEmail, 'the application runs elsewhere and SKILLSWAP_STAFF_EMAIL names no admin address');
  const api = (path: string, token: string, method = 'POST', body?: unknown) =>
    fetch(`${baseURL}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  // Bob insults Alice in their conversation; she reports the message.
  const alice = await signedInThroughApi(browser, baseURL!, 'Alice', 'en-GB');
  const bob = await signedInThroughApi(browser, baseURL!, 'Bob', 'en-GB');
  const conversation = await directConversation(baseURL!, alice, bob.userId);
  const sent = await api(`/api/v1/conversations/${conversation}/messages`, bob.accessToken, 'POST', { clientMessageId: 'insult-1', text: 'You are useless' });
  expect(sent.status).toBe(201);
  const { sequence } = (await sent.json()) as { sequence: number };
  expect((await api(`/api/v1/conversations/${conversation}/messages/${sequence}/report`, alice.accessToken, 'POST', { reason: 'Insults' })).status).toBe(202);

  // The admin makes Mona a moderator; the role comes with her next sign-in.
  const admin = await signedInThroughApi(browser, baseURL!, 'Ada', 'en-GB', staffEmail);
  const mona = await signedInThroughApi(browser, baseURL!, 'Mona', 'en-GB');
  expect((await api(`/api/v1/identity/users/${mona.userId}/role`, admin.accessToken, 'PUT', { role: 'moderator' })).status).toBe(204);
  const { page } = mona;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => localStorage.clear());
  await page.goto('/sign-in');
  await page.getByLabel('Email address', { exact: true }).fill(mona.email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Discover', level: 1 })).toBeVisible();

  // Members see no way in; the moderator's account screen has one.
  await page.getByRole('tab', { name: 'Account' }).click();
  await page.getByRole('button', { name: 'Staff console' }).click();
  await expect(page.getByRole('heading', { name: 'Moderation queue', level: 1 })).toBeVisible();
  const caseLink = page.getByRole('link', { name: `Open the Message case ${conversation}/${sequence}` });
  await expect(async () => {
    await page.getByRole('radio', { name: 'Message' }).click();
    await expect(caseLink).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await snap(page, testInfo, 'queue');
  await caseLink.click();

  await expect(page.getByRole('heading', { name: 'Message case', level: 1 })).toBeVisible();
  const casePage = new URL(page.url()).pathname;
  await expect(page.getByText('You are useless')).toBeVisible();
  await page.getByRole('button', { name: 'Take this case' }).click();
  await expect(page.getByRole('button', { name: 'Give it back to the queue' })).toBeVisible();
  await page.getByRole('radio', { name: 'Warn' }).click();
  await page.getByLabel('Reason', { exact: true }).fill('Insulted a member; a first warning');
  await page.getByRole('button', { name: 'Decide' }).click();
  await expect(page.getByText('Decided, and recorded in the audit log.')).toBeVisible();
  await expect(page.getByText('Warned', { exact: false }).first()).toBeVisible();
  const trail = page.getByRole('list', { name: 'Audit entries' });
  await expect(trail.getByText('case.decided', { exact: false })).toBeVisible();
  await expect(trail.getByText('case.assigned', { exact: false })).toBeVisible();
  await snap(page, testInfo, 'case-decided');

  await page.getByRole('button', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Audit entries' }).getByText('Insulted a member; a first warning').first()).toBeVisible();
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByText(/The chain holds: \d+ entries, none changed\./)).toBeVisible();
  await snap(page, testInfo, 'audit-log');

  // Bob contests the warning from his email's link (no sign-in needed: a suspended person has none); the case comes
  // back under appeal, and Mona, who decided it, leaves it to a colleague.
  await bob.page.goto(await linkInEmail(bob.email, 'appeal'));
  await expect(bob.page.getByRole('heading', { name: 'Contest a moderation decision', level: 1 })).toBeVisible();
  await expect(bob.page.getByText('A warning', { exact: true })).toBeVisible();
  await expect(bob.page.getByText('The moderators’ reason: “Insulted a member; a first warning”')).toBeVisible();
  await bob.page.getByLabel('Why is this decision wrong?').fill('It was a line from a film we both like, not an insult.');
  await bob.page.getByRole('button', { name: 'Send my appeal' }).click();
  await expect(bob.page.getByText(/^Your appeal is sent\./)).toBeVisible();
  await snap(bob.page, testInfo, 'appeal-sent');
  await page.goto(casePage);
  await expect(page.getByText('It was a line from a film we both like, not an insult.')).toBeVisible();
  await expect(page.getByText(/^Contested on .* \(the decision was: Warned\)\.$/)).toBeVisible();
  await expect(page.getByText('You decided this case before it was contested: a colleague handles the appeal.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Take this case' })).toHaveCount(0);
  await snap(page, testInfo, 'case-under-appeal');

  // The figures page draws what the API measured (exact figures of a designed history are the service's own tests).
  await page.getByRole('button', { name: 'Figures' }).click();
  await expect(page.getByRole('heading', { name: 'Figures', level: 1 })).toBeVisible();
  const report = (await (await api('/api/v1/admin/kpis?weeks=12', admin.accessToken, 'GET')).json()) as {
    funnel: { step: string; members: number }[];
    cohorts: { week: string; members: number }[];
  };
  const registered = report.funnel.find((step) => step.step === 'registered')!.members;
  expect(registered).toBeGreaterThanOrEqual(4);
  await expect(page.getByRole('img', { name: new RegExp(`^Funnel of the period’s sign-ups: Registered ${registered} · 100 %, Verified \\d+`) })).toBeVisible();
  const thisWeek = report.cohorts.at(-1)!;
  await expect(page.getByLabel(`Week of ${thisWeek.week}: ${thisWeek.members} members, activation —, retention —`)).toBeVisible();
  // No survey was answered in this run: the trend says so instead of drawing an empty chart.
  await expect(page.getByText('No NPS answer in this period yet.')).toBeVisible();
  await expect(page.getByText(/Active members: [1-9]\d* today/)).toBeVisible();
  await expect(page.getByLabel(/^Activation D\+7: .*, target 65 %$/)).toBeVisible();
  await snap(page, testInfo, 'figures');
  await page.getByRole('img', { name: /^Sessions completed per week/ }).scrollIntoViewIfNeeded();
  await snap(page, testInfo, 'figures-trends');

  // Members reach none of it: the API refuses them, and their account screen has no way in.
  expect((await api('/api/v1/admin/kpis', alice.accessToken, 'GET')).status).toBe(403);
  await alice.page.getByRole('tab', { name: 'Account' }).click();
  await expect(alice.page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();
  await expect(alice.page.getByRole('button', { name: 'Staff console' })).toHaveCount(0);

  for (const person of [alice, bob, admin, mona]) {
    await person.context.close();
  }
});
