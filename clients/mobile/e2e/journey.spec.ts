import { english, expect, french, newPerson, type Person, password, shown, signUpAndSignIn, snap, test } from './support/fixtures';

/**
 * The MVP journey by two people on two devices, one reading French and one English: sign-up with the link from the
 * email, profiles and skills, finding each other (search and matches, reasons in each reader's language), live chat
 * both ways with typing and read receipts, a session requested, credits held, the alert badge moving live, the
 * session accepted, and an erasure the other person sees.
 */
test('two people meet, chat, book a session, and one leaves', async ({ browser, baseURL }, testInfo) => {
  const amelie = await newPerson(browser, baseURL!, 'Amélie', 'fr-FR');
  const ben = await newPerson(browser, baseURL!, 'Ben', 'en-GB');

  await signUpAndSignIn(amelie, french, testInfo);
  await signUpAndSignIn(ben, english, testInfo);

  await editProfile(amelie, { tab: 'Compte', edit: 'Modifier mon profil', city: ['Ville', 'Lyon'], country: ['Code pays (ex. FR)', 'FR'], slots: ['Lundi 18:00–20:00', 'Mardi 18:00–20:00'], everyone: 'Tout le monde', save: 'Enregistrer', saved: 'Enregistré.' });
  await editSkills(amelie, { edit: 'Modifier mes compétences', teach: ['Ajouter une compétence enseignée', 'guita', 'Guitare'], level: ['Votre niveau — Guitare', '4'], learn: ['Ajouter une compétence à apprendre', 'espa', 'Espagnol'], save: 'Enregistrer', saved: 'Enregistré.' });
  await snap(amelie.page, testInfo, 'amelie-skills');
  await editProfile(ben, { tab: 'Account', edit: 'Edit my profile', city: ['City', 'London'], country: ['Country code (e.g. FR)', 'GB'], slots: ['Monday 18:00–20:00', 'Tuesday 18:00–20:00'], everyone: 'Everyone', save: 'Save', saved: 'Saved.' });
  await editSkills(ben, { edit: 'Edit my skills', teach: ['Add a skill you teach', 'spani', 'Spanish'], level: ['Your level — Spanish', '4'], learn: ['Add a skill to learn', 'guit', 'Guitar'], save: 'Save', saved: 'Saved.' });

  // Ben finds Amélie by searching, in English, for what she teaches, and among his matches with the reasons why.
  await tab(ben, 'Discover');
  await ben.page.getByLabel('Skill, name or city', { exact: true }).fill('guitar');
  await ben.page.getByRole('button', { name: 'Search', exact: true }).click();
  const results = ben.page.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('link', { name: amelie.name })).toBeVisible();
  await expect(shown(results.getByRole('listitem', { name: amelie.name }), 'Teaches: Guitar (4)')).toBeVisible();
  const matches = ben.page.getByRole('list', { name: 'Your matches' });
  await expect(async () => {
    await ben.page.reload();
    await expect(matches.getByRole('link', { name: amelie.name })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(shown(matches.getByRole('listitem', { name: amelie.name }), /teaches Guitar at level 4/)).toBeVisible();
  await snap(ben.page, testInfo, 'ben-finds-amelie');
  // Amélie, in French, sees the same people named in her language.
  await tab(amelie, 'Découvrir');
  await expect(async () => {
    await amelie.page.reload();
    await expect(amelie.page.getByRole('list', { name: 'Vos correspondances' }).getByRole('listitem', { name: ben.name }).getByText(/enseigne Espagnol au niveau 4/)).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await snap(amelie.page, testInfo, 'amelie-matches');

  // Ben writes first; Amélie reads it live, types (Ben sees it), answers; Ben sees his message was seen.
  await matches.getByRole('link', { name: amelie.name }).click();
  await expect(ben.page.getByRole('heading', { name: amelie.name, level: 1 })).toBeVisible();
  await ben.page.getByRole('button', { name: 'Send a message' }).click();
  await ben.page.getByLabel('Your message', { exact: true }).fill('Hello Amélie! Guitar for Spanish?');
  await ben.page.getByRole('button', { name: 'Send', exact: true }).click();
  await tab(amelie, 'Messages');
  await expect(amelie.page.getByRole('link', { name: `${ben.name}, 1 non lus` })).toBeVisible();
  await snap(amelie.page, testInfo, 'amelie-conversations');
  await amelie.page.getByRole('link', { name: `${ben.name}, 1 non lus` }).click();
  const amelieMessages = amelie.page.getByRole('list', { name: 'Messages' });
  await expect(shown(amelieMessages, 'Hello Amélie! Guitar for Spanish?')).toBeVisible();
  const amelieConversation = amelie.page.url();
  await amelie.page.getByLabel('Votre message', { exact: true }).pressSequentially('Bonjour Ben', { delay: 30 });
  await expect(shown(ben.page, `${amelie.name} is typing…`)).toBeVisible();
  await snap(ben.page, testInfo, 'ben-sees-typing');
  await amelie.page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  const benMessages = ben.page.getByRole('list', { name: 'Messages' });
  await expect(shown(benMessages, 'Bonjour Ben')).toBeVisible();
  await expect(shown(benMessages, 'Seen')).toBeVisible();
  await snap(ben.page, testInfo, 'ben-chat');
  await snap(amelie.page, testInfo, 'amelie-chat');

  // Ben asks for a guitar session in Amélie's availability; his credits are held.
  const alertsBefore = await unreadAlerts(amelie);
  await tab(ben, 'Discover');
  await matches.getByRole('link', { name: amelie.name }).click();
  await ben.page.getByRole('button', { name: 'Request a session' }).click();
  await ben.page.getByRole('radiogroup', { name: 'What you want to learn' }).getByRole('radio', { name: 'Guitar' }).click();
  await ben.page.getByRole('checkbox').first().click();
  await snap(ben.page, testInfo, 'ben-requests');
  await ben.page.getByRole('button', { name: 'Send the request' }).click();
  await expect(shown(ben.page, 'Requested', { exact: true })).toBeVisible({ timeout: 30_000 });
  await ben.page.getByRole('button', { name: 'Credits and statement' }).click();
  await expect(ben.page.getByLabel('Held: 1 h')).toBeVisible();
  await snap(ben.page, testInfo, 'ben-credits-held');

  // Amélie's alert badge moves while she looks at another tab; she accepts.
  await expect.poll(() => unreadAlerts(amelie), { timeout: 30_000 }).toBe(alertsBefore + 1);
  await snap(amelie.page, testInfo, 'amelie-badge');
  await tab(amelie, 'Séances');
  await amelie.page.getByRole('link', { name: /Demandée/ }).click();
  await amelie.page.getByRole('button', { name: /^Accepter / }).click();
  await expect(shown(amelie.page, 'Confirmée', { exact: true })).toBeVisible();
  await snap(amelie.page, testInfo, 'amelie-accepted');

  // Ben erases his account; Amélie's conversation now shows a former member.
  await tab(ben, 'Account');
  await ben.page.getByRole('button', { name: 'Erase my account…' }).click();
  await ben.page.getByLabel('Your password, to confirm', { exact: true }).fill(password);
  await ben.page.getByRole('button', { name: 'Erase my account for good' }).click();
  await expect(shown(ben.page, /Erasure under way\.|Your account is erased\./)).toBeVisible();
  await snap(ben.page, testInfo, 'ben-erased');
  // Her conversation names nobody now, and keeps the message in place (opened again until the erasure has gone round).
  await expect(async () => {
    await amelie.page.goto(amelieConversation);
    await expect(amelie.page.getByRole('heading', { name: 'Un ancien membre', level: 1 })).toBeVisible({ timeout: 2000 });
    await expect(shown(amelie.page, 'Message d’un ancien membre')).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await snap(amelie.page, testInfo, 'amelie-sees-former-member');
});

/** The count the Alerts tab announces (its badge), as it is now: no reload. */
async function unreadAlerts(person: Person): Promise<number> {
  const name = (await person.page.getByRole('tab', { name: /^Alert/ }).getAttribute('aria-label')) ?? '';
  return Number(/(\d+)/.exec(name)?.[1] ?? 0);
}

async function tab(person: Person, name: string) {
  await person.page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
}

async function editProfile(
  person: Person,
  labels: { tab: string; edit: string; city: [string, string]; country: [string, string]; slots: string[]; everyone: string; save: string; saved: string },
) {
  const { page } = person;
  await tab(person, labels.tab);
  await page.getByRole('button', { name: labels.edit }).click();
  await page.getByLabel(labels.city[0], { exact: true }).fill(labels.city[1]);
  await page.getByLabel(labels.country[0], { exact: true }).fill(labels.country[1]);
  for (const slot of labels.slots) {
    await page.getByRole('checkbox', { name: slot }).click();
  }
  await page.getByRole('radio', { name: labels.everyone }).click();
  await page.getByRole('button', { name: labels.save, exact: true }).click();
  await expect(shown(page, labels.saved)).toBeVisible();
}

async function editSkills(
  person: Person,
  labels: { edit: string; teach: [string, string, string]; level: [string, string]; learn: [string, string, string]; save: string; saved: string },
) {
  const { page } = person;
  await page.getByRole('button', { name: labels.edit }).click();
  await page.getByLabel(labels.teach[0], { exact: true }).fill(labels.teach[1]);
  await page.getByRole('list').getByRole('button', { name: labels.teach[2], exact: true }).click();
  await page.getByRole('radiogroup', { name: labels.level[0] }).getByRole('radio', { name: labels.level[1] }).click();
  await page.getByLabel(labels.learn[0], { exact: true }).fill(labels.learn[1]);
  await page.getByRole('list').getByRole('button', { name: labels.learn[2], exact: true }).click();
  await page.getByRole('button', { name: labels.save, exact: true }).click();
  await expect(shown(page, labels.saved)).toBeVisible();
}
