import { useQuery } from '@tanstack/react-query';
import { render, screen, userEvent, waitFor } from '@testing-library/react-native';
import { Text } from 'react-native';

import { api as apiClient, unwrap } from '@/api/client';
import { LegalConsentBanner } from '@/features/account/LegalConsentBanner';
import en from '@/i18n/en.json';

import { fakeApi, json } from '../test-support/fakeApi';

const api = fakeApi();

/** Shows the account's name once the account query (the banner's too) has its answer. */
function AccountName() {
  const account = useQuery({ queryKey: ['account'], queryFn: () => unwrap(apiClient.identity.GET('/api/v1/identity/me')) });
  return account.data ? <Text>{account.data.displayName}</Text> : null;
}
const versions = { termsOfServiceVersion: 'tos-2027-01', privacyPolicyVersion: 'privacy-2027-01' };

function account(legalConsentUpToDate: boolean) {
  return () =>
    new Response(
      JSON.stringify({
        id: '7d7c0a4e-1f7b-4e55-8a3a-0b1f2d3c4e5f',
        email: 'amelie@example.com',
        emailVerified: true,
        displayName: 'Amélie',
        locale: 'en',
        roles: ['member'],
        createdAt: '2026-12-01T10:00:00Z',
        marketingConsent: false,
        legalConsentUpToDate,
        erasureRequested: false,
      }),
      { status: 200, headers: json },
    );
}

describe('LegalConsentBanner', () => {
  beforeEach(() => {
    api.answer('GET /api/v1/identity/legal-documents', () => new Response(JSON.stringify(versions), { status: 200, headers: json }));
    api.answer('POST /api/v1/identity/me/consents/legal', () => new Response(null, { status: 204 }));
  });

  it('asks someone who accepted older terms to accept the current versions, and records exactly those', async () => {
    api.answer('GET /api/v1/identity/me', account(false));
    const user = userEvent.setup();
    await render(<LegalConsentBanner />, { wrapper: api.providers('en') });

    expect(await screen.findByText(en['legal.changedTitle'])).toBeOnTheScreen();
    expect(screen.getByText(/version tos-2027-01/)).toBeOnTheScreen();
    api.answer('GET /api/v1/identity/me', account(true));
    await user.press(screen.getByRole('button', { name: en['legal.accept'] }));

    expect(api.callsTo('POST', '/api/v1/identity/me/consents/legal').map((call) => call.body)).toEqual([versions]);
    // Once recorded, the account (read again) says so and the banner goes.
    await waitFor(() => expect(screen.queryByText(en['legal.changedTitle'])).toBeNull());
  });

  it('says nothing to someone whose consents are current', async () => {
    api.answer('GET /api/v1/identity/me', account(true));
    await render(
      <>
        <LegalConsentBanner />
        <AccountName />
      </>,
      { wrapper: api.providers('en') },
    );

    // Witness: the same account answer, rendered beside the banner in the same pass.
    expect(await screen.findByText('Amélie')).toBeOnTheScreen();
    expect(screen.queryByText(en['legal.changedTitle'])).toBeNull();
    expect(api.callsTo('GET', '/api/v1/identity/legal-documents')).toHaveLength(0);
  });
});
