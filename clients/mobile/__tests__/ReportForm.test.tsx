import { fireEvent, render, screen, waitFor } from '@testing-library/react-native';

import { api as client, unwrap } from '@/api/client';
import { ReportForm } from '@/features/moderation/ReportForm';
import en from '@/i18n/en.json';
import fr from '@/i18n/fr.json';

import { fakeApi, json, problemJson } from '../test-support/fakeApi';

const api = fakeApi();
const person = '0194e1c0-0000-7000-8000-000000000001';
const route = `/api/v1/profiles/${person}/report`;

function reportPerson(reason: string) {
  return unwrap(client.profiles.POST('/api/v1/profiles/{userId}/report', { params: { path: { userId: person } }, body: { reason } }));
}

describe('ReportForm', () => {
  it('asks why, sends the trimmed reason once and thanks the person, in French', async () => {
    api.answer(`POST ${route}`, () => new Response(JSON.stringify({ reportId: '0194e1c0-0000-7000-8000-0000000000aa' }), { status: 202, headers: json }));
    await render(<ReportForm label={fr['profile.report']} maxLength={500} send={reportPerson} />, { wrapper: api.providers('fr') });

    await fireEvent.press(screen.getByRole('button', { name: fr['profile.report'] }));
    expect(screen.getByRole('button', { name: fr['report.send'] })).toBeDisabled();
    await fireEvent.changeText(screen.getByLabelText(fr['report.reason']), '  Demande de l’argent à tout le monde ');
    await fireEvent.press(screen.getByRole('button', { name: fr['report.send'] }));

    expect(await screen.findByText(fr['report.thanks'])).toBeOnTheScreen();
    expect(api.callsTo('POST', route).map((call) => call.body)).toEqual([{ reason: 'Demande de l’argent à tout le monde' }]);
    expect(screen.queryByRole('button', { name: fr['report.send'] })).toBeNull();
  });

  it('shows why a report was refused and lets the person try again', async () => {
    api.answer(`POST ${route}`, () =>
      new Response(JSON.stringify({ type: 'https://skillswap.app/problems/profiles/profile-not-found', title: 'Not found', status: 404, detail: 'No profile is visible under this id.' }), {
        status: 404,
        headers: problemJson,
      }));
    await render(<ReportForm label={en['profile.report']} maxLength={500} send={reportPerson} />, { wrapper: api.providers('en') });

    await fireEvent.press(screen.getByRole('button', { name: en['profile.report'] }));
    await fireEvent.changeText(screen.getByLabelText(en['report.reason']), 'Fake profile');
    await fireEvent.press(screen.getByRole('button', { name: en['report.send'] }));

    expect(await screen.findByText(en['problem.profile-not-found'])).toBeOnTheScreen();
    await waitFor(() => expect(screen.getByRole('button', { name: en['report.send'] })).toBeEnabled());
    expect(screen.queryByText(en['report.thanks'])).toBeNull();
  });
});
