import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { type Browser, type BrowserContext, expect, type Locator, type Page, test as base, type TestInfo } from '@playwright/test';

/** Every test runs against the application global-setup started (or the one SKILLSWAP_APP_URL names). */
export const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature: this fixture needs no other.
  baseURL: async ({}, provide) => {
    await provide(process.env.SKILLSWAP_APP_URL);
  },
});
export { expect };

export const password = 'correct horse battery staple';

/** Text on screen now: the screens a stack keeps underneath the current one hold text too, hidden. */
export function shown(scope: Page | Locator, text: string | RegExp, options?: { exact?: boolean }): Locator {
  return scope.getByText(text, options).filter({ visible: true });
}

/**
 * The emails sent to <paramref name="address"/>, as text: each raw message, then its quoted-printable decoding
 * (a decoding only an encoded body needs: applied to an 8-bit body it would mangle "token=4F…").
 */
export function emailsTo(address: string): string[] {
  const maildir = process.env.SKILLSWAP_MAILDIR!;
  const files = ['new', 'cur'].flatMap((folder) => {
    try {
      return readdirSync(path.join(maildir, folder)).map((name) => path.join(maildir, folder, name));
    } catch {
      return [];
    }
  });
  return files
    .map((file) => readFileSync(file, 'utf8'))
    .filter((raw) => new RegExp(`^To: .*${address.replace(/[.+]/g, '\\$&')}`, 'mi').test(raw))
    .flatMap((raw) => [raw, raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))]);
}

/** The link to the app's <paramref name="route"/> in the last email to <paramref name="address"/> that has one, once it has arrived. */
export async function linkInEmail(address: string, route: string): Promise<string> {
  let link: string | undefined;
  const pattern = new RegExp(`https?://[^\\s"]+/${route}\\?token=[A-Za-z0-9_-]{43}`);
  await expect
    .poll(
      () => {
        // The last email's raw text comes second to last: its link, untouched by any decoding.
        const links = emailsTo(address).map((text) => pattern.exec(text)?.[0]);
        link = links.filter((_, index) => index % 2 === 0).filter(Boolean).pop() ?? links.filter(Boolean).pop();
        return link;
      },
      { message: `the email to ${address} with a link to ${route}`, timeout: 30_000 },
    )
    .toBeTruthy();
  return link!;
}

/** The verification link of the last email to <paramref name="address"/>, once it has arrived. */
export function verificationLink(address: string): Promise<string> {
  return linkInEmail(address, 'verify-email');
}

/** A screenshot of this step, kept with the test's results (and shown in its report). */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${String(testInfo.attachments.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

export interface Person {
  name: string;
  email: string;
  page: Page;
  context: BrowserContext;
}

/**
 * A new browser (its own storage: a second device) for someone who speaks <paramref name="locale"/>, named
 * <paramref name="firstName"/> and a family name of this run (an application kept running between runs holds the
 * earlier ones).
 */
export async function newPerson(browser: Browser, baseURL: string, firstName: string, locale: 'fr-FR' | 'en-GB'): Promise<Person> {
  const family = Array.from({ length: 5 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  const name = `${firstName} ${family.charAt(0).toUpperCase()}${family.slice(1)}`;
  const context = await browser.newContext({ baseURL, locale, timezoneId: locale === 'fr-FR' ? 'Europe/Paris' : 'Europe/London' });
  const page = await context.newPage();
  const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
  return { name, email, page, context };
}

/** Signs up through the screens, confirms the address from the email, and signs in. */
export async function signUpAndSignIn(person: Person, labels: SignUpLabels, testInfo: TestInfo): Promise<void> {
  const { page } = person;
  await page.goto('/');
  await page.getByRole('button', { name: labels.createAccount }).click();
  await page.getByLabel(labels.name, { exact: true }).fill(person.name);
  await page.getByLabel(labels.email, { exact: true }).fill(person.email);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('switch', { name: labels.terms }).click();
  await page.getByRole('switch', { name: labels.privacy }).click();
  await snap(page, testInfo, `${person.name}-sign-up`);
  await page.getByRole('button', { name: labels.submit }).click();
  await expect(page.getByRole('heading', { name: labels.checkInbox })).toBeVisible();

  await page.goto(await verificationLink(person.email));
  await expect(shown(page, labels.confirmed)).toBeVisible();
  await snap(page, testInfo, `${person.name}-email-confirmed`);

  await page.goto('/sign-in');
  await page.getByLabel(labels.email, { exact: true }).fill(person.email);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.signIn, exact: true }).click();
  await expect(page.getByRole('heading', { name: labels.discover, level: 1 })).toBeVisible();
}

export interface SignUpLabels {
  createAccount: string | RegExp;
  name: string;
  email: string;
  password: string;
  terms: RegExp;
  privacy: RegExp;
  submit: string;
  checkInbox: string;
  confirmed: string | RegExp;
  signIn: string;
  discover: string;
}

export const french: SignUpLabels = {
  createAccount: 'Créer un compte',
  name: 'Nom affiché',
  email: 'Adresse e-mail',
  password: 'Mot de passe',
  terms: /J’accepte les conditions d’utilisation/,
  privacy: /J’accepte la politique de confidentialité/,
  submit: 'Créer mon compte',
  checkInbox: 'Consultez votre boîte mail',
  confirmed: 'Votre adresse est confirmée. Vous pouvez vous connecter.',
  signIn: 'Se connecter',
  discover: 'Découvrir',
};

export const english: SignUpLabels = {
  createAccount: 'Create an account',
  name: 'Name shown to others',
  email: 'Email address',
  password: 'Password',
  terms: /I accept the terms of service/,
  privacy: /I accept the privacy policy/,
  submit: 'Create my account',
  checkInbox: 'Check your inbox',
  confirmed: 'Your address is confirmed. You can sign in.',
  signIn: 'Sign in',
  discover: 'Discover',
};

/**
 * An account made and confirmed through the API (for tests whose subject comes later: the sign-up screens have
 * their own test), then signed in through the sign-in screen. Returns the person and their user id. <paramref name="email"/>
 * picks the address (the staff address the application makes an admin), a new one of this run otherwise.
 */
export async function signedInThroughApi(
  browser: Browser,
  baseURL: string,
  firstName: string,
  locale: 'fr-FR' | 'en-GB',
  email?: string,
): Promise<Person & { userId: string; accessToken: string }> {
  const person = { ...(await newPerson(browser, baseURL, firstName, locale)), ...(email ? { email } : {}) };
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${baseURL}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const legal = (await (await fetch(`${baseURL}/api/v1/identity/legal-documents`)).json()) as { termsOfServiceVersion: string; privacyPolicyVersion: string };
  const signUp = await post('/api/v1/identity/accounts', {
    email: person.email,
    password,
    displayName: person.name,
    locale: locale.slice(0, 2),
    acceptedTermsOfServiceVersion: legal.termsOfServiceVersion,
    acceptedPrivacyPolicyVersion: legal.privacyPolicyVersion,
    marketingConsent: false,
  });
  expect(signUp.status).toBe(202);
  const token = new URL(await verificationLink(person.email)).searchParams.get('token');
  expect((await post('/api/v1/identity/email-verification', { token })).status).toBe(204);
  const tokens = (await (await post('/api/v1/identity/tokens', { email: person.email, password })).json()) as { accessToken: string };
  const userId = (JSON.parse(Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

  const { page } = person;
  await page.goto('/sign-in');
  await page.getByLabel(locale === 'fr-FR' ? french.email : english.email, { exact: true }).fill(person.email);
  await page.getByLabel(locale === 'fr-FR' ? french.password : english.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: locale === 'fr-FR' ? french.signIn : english.signIn, exact: true }).click();
  await expect(page.getByRole('heading', { name: locale === 'fr-FR' ? french.discover : english.discover, level: 1 })).toBeVisible();
  return { ...person, userId, accessToken: tokens.accessToken };
}

/** Opens (or finds) the direct conversation of two people through the API, once Chat knows them both. */
export async function directConversation(baseURL: string, from: { accessToken: string }, toUserId: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(`${baseURL}/api/v1/conversations`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${from.accessToken}` },
          body: JSON.stringify({ userId: toUserId }),
        });
        id = response.ok ? ((await response.json()) as { id: string }).id : undefined;
        return response.status;
      },
      { message: 'Chat knows both people', timeout: 30_000 },
    )
    .toBe(200);
  return id!;
}
