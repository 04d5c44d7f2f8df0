import { fireEvent, render, screen, waitFor } from '@testing-library/react-native';
import type { ReactNode } from 'react';

import { Erasure } from '@/features/account/AccountScreen';
import { WelcomeScreen } from '@/features/onboarding/WelcomeScreen';
import en from '@/i18n/en.json';
import fr from '@/i18n/fr.json';

import { fakeApi, json, problemJson } from '../test-support/fakeApi';

jest.mock('expo-router', () => {
  const { createElement } = jest.requireActual<typeof import('react')>('react');
  const { Text } = jest.requireActual<typeof import('react-native')>('react-native');
  return {
    Link: ({ children }: { children: ReactNode }) => createElement(Text, { accessibilityRole: 'link' }, children),
    useRouter: () => ({ push: jest.fn(), replace: jest.fn() }),
  };
});

const api = fakeApi();

const pending = {
  status: 'pending',
  requestedAt: '2026-12-06T21:00:00Z',
  deadline: '2027-01-05T21:00:00Z',
  participants: [
    { service: 'chat', erasedAt: '2026-12-06T21:00:01Z' },
    { service: 'sessions', erasedAt: null },
  ],
};

describe('Erasure', () => {
  it('says the erasure is under way once asked, and the welcome screen still says so after the sign-in ends', async () => {
    api.answer('GET /api/v1/identity/me/erasure', () =>
      new Response(JSON.stringify({ type: 'https://skillswap.app/problems/identity/erasure-not-requested', title: 'Not requested', status: 404 }), { status: 404, headers: problemJson }));
    api.answer('DELETE /api/v1/identity/me', () => new Response(JSON.stringify(pending), { status: 202, headers: json }));
    await render(<Erasure />, { wrapper: api.providers('en') });

    await fireEvent.press(screen.getByRole('button', { name: en['account.erase'] }));
    await fireEvent.changeText(screen.getByLabelText(en['account.confirmPassword']), 'correct horse battery staple');
    await fireEvent.press(screen.getByRole('button', { name: en['account.eraseConfirm'] }));

    expect(await screen.findByText(en['erasure.pending'])).toBeOnTheScreen();
    expect(en['erasure.pending']).toBe('Erasure under way.');
    expect(screen.getByText(`chat: ${en['erasure.erased']}`)).toBeOnTheScreen();
    expect(screen.getByText(`sessions: ${en['erasure.participantPending']}`)).toBeOnTheScreen();
    await waitFor(() => expect(api.callsTo('DELETE', '/api/v1/identity/me').map((call) => call.body)).toEqual([{ password: 'correct horse battery staple' }]));
    // The account screen's own "Sign out" is the way out: the status adds no second one.
    expect(screen.queryByRole('button', { name: en['account.signOut'] })).toBeNull();

    await render(<WelcomeScreen />, { wrapper: api.providers('fr') });
    expect(screen.getByRole('summary')).toHaveTextContent(fr['erasure.signedOut']);
  });
});
