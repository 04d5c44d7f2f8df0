import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';

import { AuthProvider } from '@/auth/AuthProvider';
import { I18nProvider, type Language } from '@/i18n';

export interface Call {
  method: string;
  url: string;
  body: unknown;
}

export const problemJson = { 'Content-Type': 'application/problem+json' };
export const json = { 'Content-Type': 'application/json' };

/**
 * A stand-in for the API in component tests: each request is answered from `answers` by "METHOD /path" (a request
 * with no answer fails like a network error) and recorded in `calls`. Installs itself around each test.
 */
export function fakeApi() {
  const state = { calls: [] as Call[], answers: {} as Record<string, () => Response> };
  const queryClients: QueryClient[] = [];
  const originalFetch = globalThis.fetch;

  async function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const text = await request.text();
    const url = new URL(request.url);
    state.calls.push({ method: request.method, url: request.url, body: text ? JSON.parse(text) : undefined });
    const answer = state.answers[`${request.method} ${url.pathname}`];
    if (!answer) {
      throw new TypeError(`Network request failed (no answer for ${request.method} ${url.pathname})`);
    }
    return answer();
  }

  beforeEach(() => {
    state.calls = [];
    state.answers = {};
    globalThis.fetch = jest.fn(fakeFetch) as typeof fetch;
  });
  afterEach(() => {
    queryClients.splice(0).forEach((client) => client.clear());
  });
  afterAll(() => {
    globalThis.fetch = originalFetch;
  });

  /** The providers a screen needs: no retry (a refusal shows at once), no garbage-collection timer left running. */
  function providers(language: Language = 'en') {
    return function Providers({ children }: { children: ReactNode }) {
      const [queryClient] = useState(() => {
        const client = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false, gcTime: Infinity } } });
        queryClients.push(client);
        return client;
      });
      return (
        <QueryClientProvider client={queryClient}>
          <I18nProvider initial={language}>
            <AuthProvider>{children}</AuthProvider>
          </I18nProvider>
        </QueryClientProvider>
      );
    };
  }

  return {
    get calls() {
      return state.calls;
    },
    answer(route: string, respond: () => Response) {
      state.answers[route] = respond;
    },
    /** No answer any more: the request fails like a network error. */
    forget(route: string) {
      delete state.answers[route];
    },
    callsTo(method: string, path: string): Call[] {
      return state.calls.filter((call) => call.method === method && new URL(call.url).pathname === path);
    },
    providers,
  };
}
