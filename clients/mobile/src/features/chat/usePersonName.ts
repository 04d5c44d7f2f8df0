import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/api/client';
import { useI18n } from '@/i18n';

const formerMember = '00000000-0000-0000-0000-000000000000';

/**
 * How to name someone in a list: their public name, "a member" when their profile is not shown to the reader, "a
 * former member" when they erased their account (their messages keep their place without an author).
 */
export function usePersonName(userId: string | undefined): string {
  const { t } = useI18n();
  const profile = useQuery({
    queryKey: ['profile', userId],
    queryFn: () => unwrap(api.profiles.GET('/api/v1/profiles/{userId}', { params: { path: { userId: userId! } } })),
    enabled: !!userId && userId !== formerMember,
    retry: false,
    staleTime: 5 * 60_000,
  });
  if (!userId || userId === formerMember) {
    return t('chat.formerMember');
  }
  if (profile.isError) {
    return t('chat.aMember');
  }
  return profile.data?.displayName ?? '…';
}

export const isFormerMember = (userId: string) => userId === formerMember;
