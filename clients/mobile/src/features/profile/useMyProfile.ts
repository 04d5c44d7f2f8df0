import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/api/client';
import { ApiProblem } from '@/api/problem';

/**
 * One's own profile. Profiles makes it when it hears of the new account, a moment after the first sign-in, so a
 * "not found" is asked again for half a minute before it is shown as an error.
 */
export function useMyProfile() {
  return useQuery({
    queryKey: ['profile', 'me'],
    queryFn: () => unwrap(api.profiles.GET('/api/v1/profiles/me')),
    retry: (failures, error) => error instanceof ApiProblem && error.slug === 'profile-not-found' && failures < 30,
    retryDelay: 1000,
  });
}
