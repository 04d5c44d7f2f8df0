import { render, screen } from '@testing-library/react-native';

import { ReviewList } from '@/features/reviews/ReviewList';
import fr from '@/i18n/fr.json';

import { fakeApi, json } from '../test-support/fakeApi';

const api = fakeApi();
const teacher = '0194e1c0-0000-7000-8000-0000000000f1';

function review(id: string, rating: number, text: string | null, removedByModeration: boolean) {
  return {
    id, sessionId: '0194e1c0-0000-7000-8000-0000000000e1', authorId: '0194e1c0-0000-7000-8000-0000000000a1', revieweeId: teacher, skillLabel: 'Guitare',
    rating, clarity: null, punctuality: null, patience: null, text, createdAt: '2026-12-01T10:00:00Z', editedAt: null, visible: true,
    reply: removedByModeration ? { text: 'Je n’ai jamais vu ça.', repliedAt: '2026-12-02T10:00:00Z' } : null, removedByModeration,
  };
}

describe('ReviewList', () => {
  it('shows a review moderators removed as removed — no stars, no report — beside the others, with its reply', async () => {
    api.answer(`GET /api/v1/reviews/users/${teacher}`, () => new Response(JSON.stringify({
      summary: { userId: teacher, average: 5, bayesianAverage: 4.2, reviewCount: 1, completedSessions: 2, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 }, skills: [] },
      items: [review('0194e1c0-0000-7000-8000-0000000000c1', 1, null, true), review('0194e1c0-0000-7000-8000-0000000000c2', 5, 'Très clair', false)],
      nextCursor: null,
    }), { status: 200, headers: json }));
    await render(<ReviewList userId={teacher} />, { wrapper: api.providers('fr') });

    expect(await screen.findByText(fr['reviews.removedByModeration'])).toBeOnTheScreen();
    expect(screen.getByLabelText(fr['reviews.removedByModeration'])).toBeOnTheScreen();
    expect(screen.getByText(fr['reviews.replyFrom'].replace('{text}', 'Je n’ai jamais vu ça.'))).toBeOnTheScreen();
    expect(screen.getAllByText(/^[★☆]{5}$/)).toHaveLength(1);
    expect(screen.getByLabelText(fr['reviews.card'].replace('{rating}', '5'))).toBeOnTheScreen();
    expect(screen.getByText('Très clair')).toBeOnTheScreen();
    expect(screen.getAllByRole('button', { name: fr['reviews.report'] })).toHaveLength(1);
  });
});
