import { render, screen } from '@testing-library/react-native';

import { CaseClock } from '@/features/staff/CaseClock';

import { fakeApi } from '../test-support/fakeApi';

const api = fakeApi();
const minute = 60_000;
// Half a minute past each whole minute, so the clock's rounding down is the same however long the test takes.
const ago = (minutes: number) => new Date(Date.now() - minutes * minute - minute / 2).toISOString();
const ahead = (minutes: number) => new Date(Date.now() + minutes * minute + minute / 2).toISOString();

describe('a case’s clock', () => {
  it('says how long someone has waited and how long is left before the decision is due', async () => {
    await render(<CaseClock waitingSince={ago(3 * 60 + 10)} dueAt={ahead(8 * 60 + 49)} />, { wrapper: api.providers('en') });
    expect(screen.getByText('Waiting for 3 h 10 min · decision due in 8 h 49 min')).toBeOnTheScreen();
  });

  it('says how late an overdue case is, in the person’s language', async () => {
    await render(<CaseClock waitingSince={ago(2 * 1440 + 3 * 60)} dueAt={ago(26 * 60)} />, { wrapper: api.providers('fr') });
    expect(screen.getByText('En attente depuis 2 j 3 h · en retard de 1 j 2 h')).toBeOnTheScreen();
  });

  it('counts minutes under an hour', async () => {
    await render(<CaseClock waitingSince={ago(5)} dueAt={ahead(42)} />, { wrapper: api.providers('en') });
    expect(screen.getByText('Waiting for 5 min · decision due in 42 min')).toBeOnTheScreen();
  });

  it('says a case just opened has waited less than a minute', async () => {
    await render(<CaseClock waitingSince={new Date(Date.now() - 1_000).toISOString()} dueAt={ahead(12 * 60 - 1)} />, { wrapper: api.providers('en') });
    expect(screen.getByText('Waiting for less than a minute · decision due in 11 h 59 min')).toBeOnTheScreen();
  });
});
