import { fireEvent, render, screen } from '@testing-library/react-native';

import { AppealScreen } from '@/features/moderation/AppealScreen';
import en from '@/i18n/en.json';
import fr from '@/i18n/fr.json';

import { fakeApi, json, problemJson } from '../test-support/fakeApi';

jest.mock('expo-router', () => ({
  useLocalSearchParams: () => ({ token: 'appeal-token_1' }),
}));

const api = fakeApi();
const ok = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: json });
const suspension = {
  caseId: '0194e1c0-0000-7000-8000-0000000000c1', kind: 'chat-message', outcome: 'suspended', reason: 'Demander de l’argent à un membre',
  decidedAt: '2026-12-07T09:00:00Z', sanctionUntil: '2026-12-10T09:00:00Z', expiresAt: '2027-01-06T09:00:00Z', appealedAt: null,
};

describe('AppealScreen', () => {
  it('shows the decision in the person’s language and sends one appeal with the link’s token', async () => {
    api.answer('POST /api/v1/appeals/decision', ok(200, suspension));
    api.answer('POST /api/v1/appeals', ok(202, { caseId: suspension.caseId, appealedAt: '2026-12-07T10:00:00Z' }));
    await render(<AppealScreen />, { wrapper: api.providers('fr') });

    expect(await screen.findByText(fr['appeal.outcome.suspended'])).toBeOnTheScreen();
    expect(screen.getByText(fr['appeal.reason'].replace('{reason}', 'Demander de l’argent à un membre'))).toBeOnTheScreen();
    await fireEvent.changeText(screen.getByLabelText(fr['appeal.text']), 'Trop court');
    expect(screen.getByRole('button', { name: fr['appeal.submit'] })).toBeDisabled();
    await fireEvent.changeText(screen.getByLabelText(fr['appeal.text']), '  C’était une plaisanterie entre amis, réglée entre nous.  ');
    await fireEvent.press(screen.getByRole('button', { name: fr['appeal.submit'] }));

    expect(await screen.findByText(fr['appeal.sent'])).toBeOnTheScreen();
    expect(api.callsTo('POST', '/api/v1/appeals/decision').map((call) => call.body)).toEqual([{ token: 'appeal-token_1' }]);
    expect(api.callsTo('POST', '/api/v1/appeals').map((call) => call.body)).toEqual([
      { token: 'appeal-token_1', text: 'C’était une plaisanterie entre amis, réglée entre nous.' },
    ]);
    expect(screen.queryByRole('button', { name: fr['appeal.submit'] })).toBeNull();
  });

  it('says when a link is spent or unknown, and offers no form', async () => {
    api.answer('POST /api/v1/appeals/decision', ok(200, { ...suspension, outcome: null, reason: null, appealedAt: '2026-12-07T10:00:00Z' }));
    const { unmount } = await render(<AppealScreen />, { wrapper: api.providers('en') });
    expect(await screen.findByText(/^You contested this decision on/)).toBeOnTheScreen();
    expect(screen.queryByLabelText(en['appeal.text'])).toBeNull();
    unmount();

    api.answer('POST /api/v1/appeals/decision', () =>
      new Response(JSON.stringify({ type: 'https://skillswap.app/problems/administration/appeal-link-invalid', title: 'Not found', status: 404, detail: 'Unknown link.' }), {
        status: 404,
        headers: problemJson,
      }));
    await render(<AppealScreen />, { wrapper: api.providers('en') });
    expect(await screen.findByText(en['problem.appeal-link-invalid'])).toBeOnTheScreen();
    expect(screen.queryByLabelText(en['appeal.text'])).toBeNull();
  });
});
