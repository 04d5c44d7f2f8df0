import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, userEvent } from '@testing-library/react-native';
import { type ReactNode, useState } from 'react';

import type { Availability, Profile } from '@/api/types';
import { ProfileEditorScreen } from '@/features/profile/ProfileEditorScreen';
import en from '@/i18n/en.json';
import { I18nProvider } from '@/i18n';

jest.mock('expo-router', () => ({
  useRouter: () => ({ push: jest.fn(), replace: jest.fn(), back: jest.fn() }),
}));

function profileWith(availability: Availability[]): Profile {
  return {
    userId: '7d7c0a4e-1f7b-4e55-8a3a-0b1f2d3c4e5f',
    displayName: 'Amélie',
    bio: 'Guitar teacher.',
    locale: 'en',
    languages: ['fr', 'en'],
    location: { city: 'Lyon', country: 'FR' },
    roles: ['teacher'],
    sessionFormats: ['online'],
    timeZone: 'Europe/Paris',
    visibility: 'public',
    photoUrl: null,
    availability,
    offered: [],
    wanted: [],
    trust: null,
    bioRemovedByModeration: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    version: 7,
  } as Profile;
}

let profile: Profile;
let puts: unknown[];

async function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(String(input), init);
  const path = new URL(request.url).pathname;
  const headers = { 'Content-Type': 'application/json' };
  if (request.method === 'GET' && path === '/api/v1/profiles/me') {
    return new Response(JSON.stringify(profile), { status: 200, headers });
  }
  if (request.method === 'PUT' && path === '/api/v1/profiles/me') {
    const body = (await request.json()) as Record<string, unknown>;
    puts.push(body);
    return new Response(JSON.stringify({ ...profile, ...body, version: 8 }), { status: 200, headers });
  }
  throw new TypeError(`Network request failed (no answer for ${request.method} ${path})`);
}

function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false, gcTime: Infinity } } }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider initial="en">{children}</I18nProvider>
    </QueryClientProvider>
  );
}

const originalFetch = globalThis.fetch;

beforeEach(() => {
  puts = [];
  globalThis.fetch = jest.fn(fakeFetch) as typeof fetch;
});

afterAll(() => {
  globalThis.fetch = originalFetch;
});

async function save() {
  const user = userEvent.setup();
  await user.press(screen.getByRole('button', { name: en['common.save'] }));
  expect(await screen.findByText(en['common.saved'])).toBeOnTheScreen();
  return puts[0] as { availability: Availability[]; version: number };
}

describe('ProfileEditorScreen availability', () => {
  it('sends the cells ticked in the grid as ranges, with the version read', async () => {
    profile = profileWith([{ day: 'monday', start: '18:00', end: '20:00' }]);
    const user = userEvent.setup();
    await render(<ProfileEditorScreen />, { wrapper: Providers });

    await user.press(await screen.findByRole('checkbox', { name: 'Monday 20:00–22:00' }));
    const sent = await save();

    expect(sent.availability).toEqual([{ day: 'monday', start: '18:00', end: '22:00' }]);
    expect(sent.version).toBe(7);
  });

  // The grid only shows whole two-hour blocks starting at even hours from 06:00, and the form always sends
  // toRanges(cells): ranges it cannot show (19:00–21:00, as the demo data and the API allow, or a night range) are
  // erased when the person saves any other change. See the report (ProfileEditorScreen.tsx).
  it('keeps the ranges the grid cannot show when the person saves without touching the grid', async () => {
    const availability: Availability[] = [
      { day: 'monday', start: '19:00', end: '21:00' },
      { day: 'saturday', start: '09:30', end: '12:00' },
      { day: 'sunday', start: '00:00', end: '02:00' },
    ];
    profile = profileWith(availability);
    await render(<ProfileEditorScreen />, { wrapper: Providers });
    await screen.findByRole('button', { name: en['common.save'] });

    const sent = await save();

    expect(sent.availability).toEqual(availability);
  });
});
