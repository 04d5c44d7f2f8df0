import { fireEvent, render, screen, waitFor } from '@testing-library/react-native';

import { PresenceSharing } from '@/features/account/AccountScreen';
import en from '@/i18n/en.json';
import fr from '@/i18n/fr.json';

import { fakeApi, json } from '../test-support/fakeApi';

const api = fakeApi();

function sharing(shares: boolean) {
  return () => new Response(JSON.stringify({ shares }), { status: 200, headers: json });
}

describe('PresenceSharing', () => {
  it('shows whether one is seen online, and hiding it asks Chat for exactly that', async () => {
    api.answer('GET /api/v1/chat/presence/sharing', sharing(true));
    api.answer('PUT /api/v1/chat/presence/sharing', sharing(false));
    await render(<PresenceSharing />, { wrapper: api.providers('en') });

    const toggle = await screen.findByRole('switch', { name: en['account.sharePresence'] });
    expect(toggle.props.value).toBe(true);
    await fireEvent(toggle, 'valueChange', false);

    await waitFor(() => expect(api.callsTo('PUT', '/api/v1/chat/presence/sharing').map((call) => call.body)).toEqual([{ shares: false }]));
    await waitFor(() => expect(screen.getByRole('switch', { name: en['account.sharePresence'] }).props.value).toBe(false));
  });

  it('speaks French to a French reader', async () => {
    api.answer('GET /api/v1/chat/presence/sharing', sharing(false));
    await render(<PresenceSharing />, { wrapper: api.providers('fr') });

    const toggle = await screen.findByRole('switch', { name: fr['account.sharePresence'] });
    expect(toggle.props.value).toBe(false);
    expect(screen.getByText(fr['account.sharePresenceExplained'])).toBeOnTheScreen();
  });
});
