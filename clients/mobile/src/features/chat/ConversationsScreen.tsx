import { useInfiniteQuery } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { Pressable, StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { Conversation } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useAuth } from '@/auth/AuthProvider';
import { useI18n } from '@/i18n';
import { useHubStatus } from '@/realtime/RealtimeProvider';
import { Button } from '@/ui/Button';
import { Empty, ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { colors, space } from '@/ui/theme';

import { usePersonName } from './usePersonName';

/** Conversations, most recently active first, with their unread counts (kept live by the realtime connection). */
export function ConversationsScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const status = useHubStatus();
  const conversations = useInfiniteQuery({
    queryKey: ['conversations', 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.chat.GET('/api/v1/conversations', { params: { query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = conversations.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Screen title={t('chat.title')}>
      <ConnectionNotice status={status} />
      {conversations.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(conversations.error)} />
      {conversations.isSuccess && items.length === 0 ? <Empty text={t('chat.none')} /> : null}
      <View accessibilityRole="list" accessibilityLabel={t('chat.title')} style={styles.list}>
        {items.map((conversation) => (
          <ConversationRow key={conversation.id} conversation={conversation} />
        ))}
      </View>
      {conversations.hasNextPage ? <Button label={t('common.more')} variant="secondary" onPress={() => void conversations.fetchNextPage()} /> : null}
    </Screen>
  );
}

function ConversationRow({ conversation }: { conversation: Conversation }) {
  const { t, formatDateTime } = useI18n();
  const { userId } = useAuth();
  const router = useRouter();
  const other = conversation.memberIds.find((member) => member !== userId);
  const name = usePersonName(other);
  const title = conversation.kind === 'session' ? t('chat.groupSession') : name;
  const unread = Number(conversation.unread);
  return (
    <Pressable
      accessibilityRole="link"
      accessibilityLabel={unread > 0 ? t('chat.rowUnread', { name: title, count: unread }) : title}
      onPress={() => router.push({ pathname: '/chat/[conversationId]', params: { conversationId: conversation.id } })}
      style={styles.row}
    >
      <View style={styles.rowText}>
        <Text style={[styles.name, unread > 0 && styles.unreadName]}>{title}</Text>
        {conversation.lastMessageAt ? <Text style={styles.meta}>{formatDateTime(conversation.lastMessageAt)}</Text> : null}
      </View>
      {unread > 0 ? <Text style={styles.badge}>{unread}</Text> : null}
    </Pressable>
  );
}

export function ConnectionNotice({ status }: { status: string }) {
  const { t } = useI18n();
  if (status === 'connected') {
    return null;
  }
  return (
    <Text accessibilityRole="alert" style={styles.notice}>
      {status === 'offline' ? t('chat.offline') : t('chat.reconnecting')}
    </Text>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.s },
  row: { flexDirection: 'row', alignItems: 'center', padding: space.m, borderRadius: 8, backgroundColor: colors.surface, minHeight: 56 },
  rowText: { flex: 1, gap: 2 },
  name: { fontSize: 16, color: colors.text },
  unreadName: { fontWeight: '700' },
  meta: { fontSize: 12, color: colors.muted },
  badge: { minWidth: 24, paddingHorizontal: 6, borderRadius: 12, backgroundColor: colors.badge, color: colors.primaryText, textAlign: 'center', fontWeight: '700', overflow: 'hidden' },
  notice: { padding: space.s, borderRadius: 6, backgroundColor: '#fffaeb', color: '#93370d', fontSize: 13 },
});
