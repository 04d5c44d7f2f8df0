import { useInfiniteQuery } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { Pressable, StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { Session } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { Empty, ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { colors, space } from '@/ui/theme';

import { OpenGroups } from './GroupSessions';
import { WalletSummary } from './WalletScreen';

/** Sessions by start time, each with its state and whose turn it is; the wallet above them. */
export function SessionsScreen() {
  const { t } = useI18n();
  const router = useRouter();
  const problemMessage = useProblemMessage();
  const sessions = useInfiniteQuery({
    queryKey: ['sessions', 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.sessions.GET('/api/v1/sessions', { params: { query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Screen title={t('sessions.title')}>
      <WalletSummary />
      <Button label={t('wallet.open')} variant="secondary" onPress={() => router.push('/wallet')} />
      {sessions.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(sessions.error)} />
      {sessions.isSuccess && items.length === 0 ? <Empty text={t('sessions.none')} /> : null}
      <View accessibilityRole="list" accessibilityLabel={t('sessions.title')} style={styles.list}>
        {items.map((session) => (
          <SessionRow key={session.id} session={session} />
        ))}
      </View>
      {sessions.hasNextPage ? <Button label={t('common.more')} variant="secondary" onPress={() => void sessions.fetchNextPage()} /> : null}
      <OpenGroups />
    </Screen>
  );
}

function SessionRow({ session }: { session: Session }) {
  const { t, formatDateTime } = useI18n();
  const router = useRouter();
  const other = session.participants.find((participant) => participant.role !== session.yourRole);
  const label = `${session.skillLabel} · ${t(`status.${session.status}`)}`;
  return (
    <Pressable
      accessibilityRole="link"
      accessibilityLabel={label}
      onPress={() => router.push({ pathname: '/sessions/[sessionId]', params: { sessionId: session.id } })}
      style={styles.row}
    >
      <Text style={styles.skill}>{session.skillLabel}</Text>
      <Text style={styles.meta}>
        {formatDateTime(session.startsAt, session.timeZone)} · {t(`status.${session.status}`)}
      </Text>
      {other?.displayName ? <Text style={styles.meta}>{t(`sessions.with.${session.yourRole}`, { name: other.displayName })}</Text> : null}
    </Pressable>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.s },
  row: { padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: 2 },
  skill: { fontSize: 16, fontWeight: '600', color: colors.text },
  meta: { fontSize: 13, color: colors.muted },
});
