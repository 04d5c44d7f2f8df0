import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { Pressable, StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { InboxEntry } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { Empty, ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { colors, space } from '@/ui/theme';

/** The inbox, newest first, already written in the person's language; opening one marks it read and goes to what it is about. */
export function InboxScreen() {
  const { t } = useI18n();
  const router = useRouter();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const inbox = useInfiniteQuery({
    queryKey: ['notifications', 'inbox'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.notifications.GET('/api/v1/notifications', { params: { query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const readAll = useMutation({
    mutationFn: () => unwrap(api.notifications.POST('/api/v1/notifications/read-all')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Screen
      title={t('notifications.title')}
      actions={<Button label={t('notifications.settings')} variant="secondary" onPress={() => router.push('/notifications/settings')} />}
    >
      {inbox.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(inbox.error ?? readAll.error)} />
      {items.some((item) => !item.read) ? <Button label={t('notifications.readAll')} variant="secondary" onPress={() => readAll.mutate()} busy={readAll.isPending} /> : null}
      {inbox.isSuccess && items.length === 0 ? <Empty text={t('notifications.none')} /> : null}
      <View accessibilityRole="list" accessibilityLabel={t('notifications.title')} style={styles.list}>
        {items.map((item) => (
          <InboxRow key={item.id} item={item} />
        ))}
      </View>
      {inbox.hasNextPage ? <Button label={t('common.more')} variant="secondary" onPress={() => void inbox.fetchNextPage()} /> : null}
    </Screen>
  );
}

function InboxRow({ item }: { item: InboxEntry }) {
  const { t, formatDateTime } = useI18n();
  const router = useRouter();
  const queryClient = useQueryClient();
  const markRead = useMutation({
    mutationFn: () => unwrap(api.notifications.POST('/api/v1/notifications/{id}/read', { params: { path: { id: item.id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const open = () => {
    if (!item.read) {
      markRead.mutate();
    }
    if (item.data.surveyId) {
      router.push({ pathname: '/notifications/survey', params: { surveyId: item.data.surveyId } });
    } else if (item.data.sessionId) {
      router.push({ pathname: '/sessions/[sessionId]', params: { sessionId: item.data.sessionId } });
    } else if (item.data.userId) {
      router.push({ pathname: '/profiles/[userId]', params: { userId: item.data.userId } });
    } else if (item.data.conversationId) {
      router.push({ pathname: '/chat/[conversationId]', params: { conversationId: item.data.conversationId } });
    }
  };
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={`${item.read ? '' : `${t('notifications.unread')}: `}${item.title}`}
      onPress={open}
      style={[styles.row, !item.read && styles.unread]}
    >
      <Text style={[styles.title, !item.read && styles.bold]}>{item.title}</Text>
      <Text style={styles.body}>{item.body}</Text>
      <Text style={styles.meta}>{formatDateTime(item.createdAt)}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.s },
  row: { padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: 2 },
  unread: { borderLeftWidth: 4, borderLeftColor: colors.primary },
  title: { fontSize: 15, color: colors.text },
  bold: { fontWeight: '700' },
  body: { fontSize: 14, color: colors.text },
  meta: { fontSize: 12, color: colors.muted },
});
