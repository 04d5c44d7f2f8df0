import { fireEvent, render, screen, userEvent } from '@testing-library/react-native';
import type { ReactNode } from 'react';

import { SignInScreen } from '@/features/onboarding/SignInScreen';
import { SignUpScreen } from '@/features/onboarding/SignUpScreen';
import en from '@/i18n/en.json';

import { fakeApi, json, problemJson } from '../test-support/fakeApi';

// The screens only use Link (rendered as a plain link text here) and useLocalSearchParams from the router.
jest.mock('expo-router', () => {
  const { createElement } = jest.requireActual<typeof import('react')>('react');
  const { Text } = jest.requireActual<typeof import('react-native')>('react-native');
  return {
    Link: ({ children }: { children: ReactNode }) => createElement(Text, { accessibilityRole: 'link' }, children),
    useLocalSearchParams: () => ({}),
  };
});

const api = fakeApi();
const Providers = api.providers('en');
const callsTo = api.callsTo;

describe('SignInScreen', () => {
  beforeEach(() => {
    api.answer('POST /api/v1/identity/tokens', () =>
      new Response(
        JSON.stringify({
          type: 'https://skillswap.app/problems/identity/email-not-verified',
          title: 'Email not verified',
          status: 403,
          detail: 'Confirm the address first (server wording).',
        }),
        { status: 403, headers: problemJson },
      ));
    api.answer('POST /api/v1/identity/email-verification/resend', () =>
      new Response(JSON.stringify({ message: 'If the address waits for confirmation, a link is on its way.' }), { status: 202, headers: json }));
  });

  async function signInAsUnverified() {
    const user = userEvent.setup();
    await render(<SignInScreen />, { wrapper: Providers });
    await user.type(screen.getByLabelText(en['field.email']), '  amelie@example.com ');
    await user.type(screen.getByLabelText(en['field.password']), 'correct horse battery');
    await user.press(screen.getByRole('button', { name: en['signIn.submit'] }));
    return user;
  }

  it('keeps "Sign in" disabled until both email and password are filled', async () => {
    const user = userEvent.setup();
    await render(<SignInScreen />, { wrapper: Providers });
    const submit = screen.getByRole('button', { name: en['signIn.submit'] });

    expect(submit).toBeDisabled();
    await user.type(screen.getByLabelText(en['field.email']), 'amelie@example.com');
    expect(submit).toBeDisabled();
    await user.type(screen.getByLabelText(en['field.password']), 'x');
    expect(submit).toBeEnabled();
  });

  it('explains an unverified address in the app words and offers a new confirmation link', async () => {
    await signInAsUnverified();

    expect(await screen.findByText(en['problem.email-not-verified'])).toBeOnTheScreen();
    expect(screen.queryByText(/server wording/)).not.toBeOnTheScreen();
    expect(screen.getByRole('button', { name: en['signIn.resendVerification'] })).toBeOnTheScreen();
    expect(callsTo('POST', '/api/v1/identity/tokens')).toEqual([
      expect.objectContaining({ body: { email: 'amelie@example.com', password: 'correct horse battery' } }),
    ]);
  });

  it('does not offer a new link for a wrong password', async () => {
    api.answer('POST /api/v1/identity/tokens', () =>
      new Response(JSON.stringify({ type: 'https://skillswap.app/problems/identity/invalid-credentials', status: 401 }), {
        status: 401,
        headers: problemJson,
      }));

    await signInAsUnverified();

    expect(await screen.findByText(en['problem.invalid-credentials'])).toBeOnTheScreen();
    expect(screen.queryByRole('button', { name: en['signIn.resendVerification'] })).not.toBeOnTheScreen();
  });

  it('sends the email and the password that proves the sign-up to the resend endpoint, and confirms a new link is on its way', async () => {
    const user = await signInAsUnverified();

    await user.press(await screen.findByRole('button', { name: en['signIn.resendVerification'] }));

    expect(await screen.findByText(en['signIn.verificationSent'])).toBeOnTheScreen();
    const resends = callsTo('POST', '/api/v1/identity/email-verification/resend');
    expect(resends).toHaveLength(1);
    expect(resends[0]!.url).toMatch(/^https?:\/\/[^/]+\/api\/v1\/identity\/email-verification\/resend$/);
    expect(resends[0]!.body).toEqual({ email: 'amelie@example.com', password: 'correct horse battery' });
  });

  it('says "no connection" when nothing answers', async () => {
    api.forget('POST /api/v1/identity/tokens');

    await signInAsUnverified();

    expect(await screen.findByText(en['error.network'])).toBeOnTheScreen();
  });
});

describe('SignUpScreen', () => {
  const legalVersions = { termsOfServiceVersion: 'tos-2026-02', privacyPolicyVersion: 'privacy-2025-11' };

  beforeEach(() => {
    api.answer('GET /api/v1/identity/legal-documents', () => new Response(JSON.stringify(legalVersions), { status: 200, headers: json }));
    api.answer('POST /api/v1/identity/accounts', () =>
      new Response(JSON.stringify({ message: 'Check your inbox.' }), { status: 202, headers: json }));
  });

  const termsLabel = en['signUp.acceptTerms'].replace('{version}', legalVersions.termsOfServiceVersion);
  const privacyLabel = en['signUp.acceptPrivacy'].replace('{version}', legalVersions.privacyPolicyVersion);

  async function fillTheForm() {
    const user = userEvent.setup();
    await render(<SignUpScreen />, { wrapper: Providers });
    await user.type(screen.getByLabelText(en['field.displayName']), ' Amélie ');
    await user.type(screen.getByLabelText(en['field.email']), 'amelie@example.com');
    await user.type(screen.getByLabelText(en['field.password']), 'a long enough password');
    return user;
  }

  it('shows the current legal versions and keeps "Create" disabled until both are accepted', async () => {
    await fillTheForm();
    const submit = screen.getByRole('button', { name: en['signUp.submit'] });
    const terms = await screen.findByRole('switch', { name: termsLabel });
    const privacy = screen.getByRole('switch', { name: privacyLabel });

    expect(submit).toBeDisabled();
    await fireEvent(terms, 'valueChange', true);
    expect(submit).toBeDisabled();
    await fireEvent(terms, 'valueChange', false);
    await fireEvent(privacy, 'valueChange', true);
    expect(submit).toBeDisabled();
    await fireEvent(terms, 'valueChange', true);
    expect(submit).toBeEnabled();
  });

  it('sends exactly the versions accepted, the language, and no marketing consent by default', async () => {
    const user = await fillTheForm();
    await fireEvent(await screen.findByRole('switch', { name: termsLabel }), 'valueChange', true);
    await fireEvent(screen.getByRole('switch', { name: privacyLabel }), 'valueChange', true);

    await user.press(screen.getByRole('button', { name: en['signUp.submit'] }));

    expect(await screen.findByText(en['signUp.doneTitle'])).toBeOnTheScreen();
    expect(screen.getByText(en['signUp.done'].replace('{email}', 'amelie@example.com'))).toBeOnTheScreen();
    const posts = callsTo('POST', '/api/v1/identity/accounts');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({
      displayName: 'Amélie',
      email: 'amelie@example.com',
      password: 'a long enough password',
      locale: 'en',
      acceptedTermsOfServiceVersion: 'tos-2026-02',
      acceptedPrivacyPolicyVersion: 'privacy-2025-11',
      marketingConsent: false,
    });
  });

  it('sends marketing consent only when its switch is turned on', async () => {
    const user = await fillTheForm();
    await fireEvent(await screen.findByRole('switch', { name: termsLabel }), 'valueChange', true);
    await fireEvent(screen.getByRole('switch', { name: privacyLabel }), 'valueChange', true);
    await fireEvent(screen.getByRole('switch', { name: en['signUp.marketing'] }), 'valueChange', true);

    await user.press(screen.getByRole('button', { name: en['signUp.submit'] }));

    expect(await screen.findByText(en['signUp.doneTitle'])).toBeOnTheScreen();
    expect(callsTo('POST', '/api/v1/identity/accounts')[0]!.body).toMatchObject({ marketingConsent: true });
  });

  it('shows a field error from a validation problem under its field', async () => {
    api.answer('POST /api/v1/identity/accounts', () =>
      new Response(
        JSON.stringify({
          type: 'https://skillswap.app/problems/validation',
          status: 400,
          title: 'One or more validation errors occurred.',
          errors: { Password: ['The password is too common.'] },
        }),
        { status: 400, headers: problemJson },
      ));
    const user = await fillTheForm();
    await fireEvent(await screen.findByRole('switch', { name: termsLabel }), 'valueChange', true);
    await fireEvent(screen.getByRole('switch', { name: privacyLabel }), 'valueChange', true);

    await user.press(screen.getByRole('button', { name: en['signUp.submit'] }));

    // Under the password field (TextField shows it as an alert), and summed up in the banner.
    expect(await screen.findByRole('alert', { name: 'The password is too common.' })).toBeOnTheScreen();
    expect(screen.getByText(`${en['error.checkFields']} The password is too common.`)).toBeOnTheScreen();
    expect(screen.queryByText(en['signUp.doneTitle'])).not.toBeOnTheScreen();
  });
});
