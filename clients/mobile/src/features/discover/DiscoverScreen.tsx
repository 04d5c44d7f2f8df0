import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { useState } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { Match, SearchResult } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { LegalConsentBanner } from '@/features/account/LegalConsentBanner';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { RadioGroup } from '@/ui/Choices';
import { Empty, ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

/** Matches first (both ways, with why), then search with facets. */
export function DiscoverScreen() {
  const { t } = useI18n();
  return (
    <Screen title={t('discover.title')}>
      <LegalConsentBanner />
      <Matches />
      <Search />
    </Screen>
  );
}

function Matches() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'reciprocal' | 'mentor'>('reciprocal');
  const matches = useQuery({
    queryKey: ['matches', mode],
    queryFn: () => unwrap(api.profiles.GET('/api/v1/matches', { params: { query: { mode, limit: 10 } } })),
  });
  const dismiss = useMutation({
    mutationFn: (userId: string) => unwrap(api.profiles.PUT('/api/v1/matches/dismissed/{userId}', { params: { path: { userId } } })),
    // Gone from the list at once; the list is asked again in the background.
    onMutate: (userId) =>
      queryClient.setQueryData<{ items: Match[]; mode: string }>(['matches', mode], (old) =>
        old ? { ...old, items: old.items.filter((item) => item.userId !== userId) } : old,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['matches'] }),
  });
  return (
    <Section title={t('discover.matches')}>
      <RadioGroup
        label={t('discover.matchKind')}
        value={mode}
        onChange={setMode}
        options={[
          { value: 'reciprocal', label: t('discover.reciprocal') },
          { value: 'mentor', label: t('discover.mentors') },
        ]}
      />
      {matches.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(matches.error ?? dismiss.error)} />
      {matches.data?.items.length === 0 ? <Empty text={t('discover.noMatches')} /> : null}
      <View accessibilityRole="list" accessibilityLabel={t('discover.matches')} style={styles.list}>
        {matches.data?.items.map((match) => (
          <View key={match.userId} role="listitem" aria-label={match.displayName} style={styles.card}>
            <PersonLink userId={match.userId} name={match.displayName} />
            <Text style={styles.score}>{t('discover.score', { score: Math.round(Number(match.score) * 100) })}</Text>
            <Text style={styles.reasons}>{match.summary}</Text>
            <Button label={t('discover.dismiss', { name: match.displayName })} variant="secondary" onPress={() => dismiss.mutate(match.userId)} />
          </View>
        ))}
      </View>
    </Section>
  );
}

function Search() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const [text, setText] = useState('');
  const [country, setCountry] = useState('');
  const [format, setFormat] = useState<'any' | 'online' | 'in-person'>('any');
  const [submitted, setSubmitted] = useState<{ q: string; country: string; format: string } | null>(null);
  const results = useInfiniteQuery({
    queryKey: ['search', submitted],
    enabled: submitted !== null,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.profiles.GET('/api/v1/profiles/search', {
          params: {
            query: {
              q: submitted?.q || undefined,
              country: submitted?.country || undefined,
              format: submitted?.format === 'any' ? undefined : submitted?.format,
              limit: 10,
              cursor: pageParam,
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items: SearchResult[] = results.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Section title={t('discover.search')}>
      <TextField label={t('discover.searchText')} value={text} onChangeText={setText} onSubmitEditing={() => setSubmitted({ q: text.trim(), country, format })} />
      <TextField label={t('discover.country')} value={country} onChangeText={(value) => setCountry(value.toUpperCase())} maxLength={2} autoCapitalize="characters" />
      <RadioGroup
        label={t('profile.formats')}
        value={format}
        onChange={setFormat}
        options={[
          { value: 'any', label: t('discover.anyFormat') },
          { value: 'online', label: t('format.online') },
          { value: 'in-person', label: t('format.in-person') },
        ]}
      />
      <Button label={t('discover.searchSubmit')} onPress={() => setSubmitted({ q: text.trim(), country, format })} />
      {results.isFetching && !results.isFetchingNextPage ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(results.error)} />
      {submitted && results.isSuccess && items.length === 0 ? <Empty text={t('discover.noResults')} /> : null}
      <View accessibilityRole="list" accessibilityLabel={t('discover.results')} style={styles.list}>
        {items.map((result) => (
          <View key={result.userId} role="listitem" aria-label={result.displayName} style={styles.card}>
            <PersonLink userId={result.userId} name={result.displayName} />
            <Text style={styles.reasons}>
              {t('discover.teaches')} {result.offered.map((skill) => `${skill.label} (${skill.level})`).join(', ') || '—'}
            </Text>
            <Text style={styles.reasons}>
              {t('discover.wants')} {result.wanted.map((skill) => skill.label).join(', ') || '—'}
            </Text>
            {result.location ? <Text style={styles.meta}>{[result.location.city, result.location.country].filter(Boolean).join(', ')}</Text> : null}
            {result.rating != null ? <Text style={styles.meta}>{t('discover.rating', { rating: result.rating, count: result.reviewCount })}</Text> : null}
          </View>
        ))}
      </View>
      {results.hasNextPage ? (
        <Button label={t('common.more')} variant="secondary" onPress={() => void results.fetchNextPage()} busy={results.isFetchingNextPage} />
      ) : null}
    </Section>
  );
}

export function PersonLink({ userId, name }: { userId: string; name: string }) {
  const router = useRouter();
  return (
    <Pressable accessibilityRole="link" accessibilityLabel={name} onPress={() => router.push({ pathname: '/profiles/[userId]', params: { userId } })}>
      <Text style={styles.name}>{name}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.m },
  card: { padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: space.xs },
  name: { fontSize: 17, fontWeight: '600', color: colors.primary, textDecorationLine: 'underline' },
  score: { fontSize: 13, color: colors.success, fontWeight: '600' },
  reasons: { fontSize: 14, color: colors.text },
  meta: { fontSize: 13, color: colors.muted },
});
