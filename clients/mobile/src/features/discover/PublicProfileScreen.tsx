import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocalSearchParams, useRouter } from 'expo-router';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { ReportForm } from '@/features/moderation/ReportForm';
import { ReviewList } from '@/features/reviews/ReviewList';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { colors, space } from '@/ui/theme';

/** Another person as they chose to be seen: skills, availability, trust and reviews; write to them, book them, block or report them. */
export function PublicProfileScreen() {
  const { userId } = useLocalSearchParams<{ userId: string }>();
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const router = useRouter();
  const queryClient = useQueryClient();
  const profile = useQuery({
    queryKey: ['profile', userId],
    queryFn: () => unwrap(api.profiles.GET('/api/v1/profiles/{userId}', { params: { path: { userId } } })),
  });
  const blocked = useQuery({
    queryKey: ['profile', 'me', 'blocked'],
    queryFn: () => unwrap(api.profiles.GET('/api/v1/profiles/me/blocked-users')),
  });
  const isBlocked = blocked.data?.userIds.includes(userId) ?? false;
  const openChat = useMutation({
    mutationFn: () => unwrap(api.chat.POST('/api/v1/conversations', { body: { userId } })),
    onSuccess: (conversation) => router.push({ pathname: '/chat/[conversationId]', params: { conversationId: conversation.id } }),
  });
  const block = useMutation({
    mutationFn: async (on: boolean) => {
      const route = '/api/v1/profiles/me/blocked-users/{userId}' as const;
      const options = { params: { path: { userId } } };
      await unwrap(on ? api.profiles.PUT(route, options) : api.profiles.DELETE(route, options));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profile', 'me', 'blocked'] }),
  });

  if (!profile.data) {
    return (
      <Screen title={t('profile.someone')}>
        {profile.isPending ? <Loading label={t('common.loading')} /> : <ErrorBanner message={problemMessage(profile.error)} />}
      </Screen>
    );
  }
  const person = profile.data;
  const trust = person.trust;
  return (
    <Screen title={person.displayName}>
      {person.bio ? <Text style={styles.bio}>{person.bio}</Text> : null}
      {person.bioRemovedByModeration ? <Text style={styles.meta}>{t('profile.bioRemovedByModeration')}</Text> : null}
      {person.location ? <Text style={styles.meta}>{[person.location.city, person.location.country].filter(Boolean).join(', ')}</Text> : null}
      <Text style={styles.meta}>{person.languages.map((code) => t(`language.${code}`)).join(' · ')}</Text>
      {trust ? (
        <Text style={styles.meta}>
          {trust.rating != null ? t('trust.rating', { rating: Number(trust.rating).toFixed(1), count: trust.reviewCount }) : t('trust.noRating')}
          {' · '}
          {t('trust.completed', { count: trust.completedSessions })}
        </Text>
      ) : null}
      <Section title={t('skills.offered')}>
        {person.offered.map((skill) => (
          <Text key={skill.label} style={styles.item}>
            {skill.label} — {t('skills.levelValue', { level: skill.level })}
          </Text>
        ))}
      </Section>
      <Section title={t('skills.wanted')}>
        {person.wanted.map((skill) => (
          <Text key={skill.label} style={styles.item}>
            {skill.label}
          </Text>
        ))}
      </Section>
      <Section title={t('profile.availability')}>
        <Text style={styles.meta}>{person.timeZone ? t('profile.onTheirClock', { timeZone: person.timeZone }) : ''}</Text>
        {person.availability.map((range) => (
          <Text key={`${range.day}-${range.start}`} style={styles.item}>
            {t(`day.${range.day}`)} {range.start}–{range.end}
          </Text>
        ))}
      </Section>
      <ErrorBanner message={problemMessage(openChat.error ?? block.error)} />
      <View style={styles.actions}>
        <Button label={t('profile.message')} onPress={() => openChat.mutate()} busy={openChat.isPending} disabled={isBlocked} />
        <Button
          label={t('profile.requestSession')}
          variant="secondary"
          onPress={() => router.push({ pathname: '/sessions/request', params: { teacherId: userId } })}
          disabled={isBlocked}
        />
        <Button
          label={isBlocked ? t('profile.unblock') : t('profile.block')}
          variant={isBlocked ? 'secondary' : 'danger'}
          onPress={() => block.mutate(!isBlocked)}
          busy={block.isPending}
        />
        <ReportForm
          label={t('profile.report')}
          maxLength={500}
          send={(reason) => unwrap(api.profiles.POST('/api/v1/profiles/{userId}/report', { params: { path: { userId } }, body: { reason } }))}
        />
      </View>
      <Section title={t('reviews.title')}>
        <ReviewList userId={userId} />
      </Section>
    </Screen>
  );
}

const styles = StyleSheet.create({
  bio: { fontSize: 15, color: colors.text },
  meta: { fontSize: 14, color: colors.muted },
  item: { fontSize: 15, color: colors.text },
  actions: { gap: space.s },
});
