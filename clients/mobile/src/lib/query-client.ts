import { QueryClient } from '@tanstack/react-query';

/** Creates the app-wide TanStack Query client with conservative mobile defaults. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: 1,
      },
    },
  });
}
