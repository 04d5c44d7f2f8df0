import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocalSearchParams } from 'expo-router';
import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { Message, Presence } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useAuth } from '@/auth/AuthProvider';
import { useI18n } from '@/i18n';
import { notYetDelivered, type PendingMessage } from '@/realtime/outbox';
import { useHubEvent, useHubStatus, useRealtime } from '@/realtime/RealtimeProvider';
import { Button } from '@/ui/Button';
import { ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { ConnectionNotice } from './ConversationsScreen';
import { isFormerMember, usePersonName } from './usePersonName';

const typingShownFor = 4000;
const typingSentEvery = 2500;

/**
 * One conversation, live: messages in server order (caught up by sequence number after any reconnection), what is
 * still being sent (kept on the device until acknowledged), who is typing, how far the other has read, and whether
 * they are online.
 */
export function ConversationScreen() {
  const { conversationId } = useLocalSearchParams<{ conversationId: string }>();
  const { t, formatDateTime } = useI18n();
  const { userId } = useAuth();
  const realtime = useRealtime();
  const status = useHubStatus();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [typing, setTyping] = useState(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [liveReadUpTo, setLiveReadUpTo] = useState(0);
  const [presence, setPresence] = useState<Presence | null>(null);
  const lastTypingSent = useRef(0);
  const lastMarked = useRef(0);

  const conversation = useQuery({
    queryKey: ['conversations', conversationId],
    queryFn: () => unwrap(api.chat.GET('/api/v1/conversations/{conversationId}', { params: { path: { conversationId } } })),
  });
  const other = conversation.data?.memberIds.find((member) => member !== userId);
  const otherName = usePersonName(other);

  const store = realtime?.conversations;
  const held = useSyncExternalStore(
    (listener) => store?.subscribe(listener) ?? (() => undefined),
    () => store?.state(conversationId),
  );
  const pending = useSyncExternalStore(
    (listener) => realtime?.outbox.subscribe(listener) ?? (() => undefined),
    () => realtime?.outbox.pending(conversationId) ?? noPending,
  );

  // History comes over HTTP (readable offline too); once connected, whatever came since is caught up on the hub.
  useEffect(() => {
    store?.open(conversationId).catch(setError);
  }, [store, status, conversationId]);

  // How far the other has read: what the conversation said when loaded, moved on by live receipts.
  const loadedMarker = conversation.data?.readMarkers.find((readMarker) => readMarker.userId === other);
  const otherReadUpTo = Math.max(liveReadUpTo, Number(loadedMarker?.sequence ?? 0));

  useEffect(() => {
    if (!other) {
      return;
    }
    api.chat
      .GET('/api/v1/chat/presence')
      .then(({ data }) => setPresence(data?.find((view) => view.userId === other) ?? null))
      .catch(() => undefined);
  }, [other, status]);

  useHubEvent(
    'typing',
    useCallback(
      (signal) => {
        if (signal.conversationId === conversationId && signal.userId !== userId) {
          setTyping(true);
          if (typingTimer.current) {
            clearTimeout(typingTimer.current);
          }
          typingTimer.current = setTimeout(() => setTyping(false), typingShownFor);
        }
      },
      [conversationId, userId],
    ),
  );
  useHubEvent(
    'read',
    useCallback(
      (receipt) => {
        if (receipt.conversationId === conversationId && receipt.userId !== userId) {
          setLiveReadUpTo((current) => Math.max(current, Number(receipt.sequence)));
        }
      },
      [conversationId, userId],
    ),
  );
  useHubEvent(
    'presence',
    useCallback((view) => {
      setPresence((current) => (current === null || view.userId === current.userId ? view : current));
    }, []),
  );
  useHubEvent(
    'message',
    useCallback(
      (message) => {
        if (message.conversationId === conversationId && message.senderId !== userId) {
          setTyping(false);
        }
      },
      [conversationId, userId],
    ),
  );

  // What is shown is read: the marker follows the last message held, once, while connected.
  const messages = held?.messages ?? noMessages;
  const sending = useMemo(() => notYetDelivered(pending, messages, userId), [pending, messages, userId]);
  const last = messages.length > 0 ? Number(messages[messages.length - 1]!.sequence) : 0;
  useEffect(() => {
    if (realtime && status === 'connected' && last > lastMarked.current) {
      lastMarked.current = last;
      realtime.hub
        .invoke('MarkRead', conversationId, last)
        .then(() => queryClient.invalidateQueries({ queryKey: ['conversations', 'unread'] }))
        .catch(() => {
          lastMarked.current = 0;
        });
    }
  }, [realtime, status, last, conversationId, queryClient]);

  const onChangeText = (value: string) => {
    setText(value);
    if (realtime?.hub.isConnected && Date.now() - lastTypingSent.current > typingSentEvery) {
      lastTypingSent.current = Date.now();
      void realtime.hub.invoke('Typing', conversationId).catch(() => undefined);
    }
  };
  const send = () => {
    const body = text.trim();
    if (!body || !realtime) {
      return;
    }
    setText('');
    lastTypingSent.current = 0;
    void realtime.outbox.enqueue(conversationId, body);
  };

  const myLastRead = [...messages].reverse().find((message) => message.senderId === userId && Number(message.sequence) <= otherReadUpTo);
  const title = conversation.data?.kind === 'session' ? t('chat.groupSession') : otherName;

  return (
    <Screen title={title}>
      <ConnectionNotice status={status} />
      {presence && conversation.data?.kind === 'direct' ? (
        <Text style={styles.presence}>
          {presence.status === 'offline'
            ? presence.lastSeen
              ? t('presence.lastSeen', { when: formatDateTime(presence.lastSeen) })
              : t('presence.offline')
            : t(`presence.${presence.status}`)}
        </Text>
      ) : null}
      <ErrorBanner message={problemMessage(error ?? conversation.error)} />
      {held?.olderCursor ? (
        <Button label={t('chat.older')} variant="secondary" onPress={() => store?.loadOlder(conversationId).catch(setError)} />
      ) : null}
      {!held?.loaded && !conversation.error ? <Loading label={t('common.loading')} /> : null}
      <View accessibilityRole="list" accessibilityLabel={t('chat.messages')} style={styles.messages}>
        {messages.map((message) => (
          <MessageBubble key={String(message.sequence)} message={message} mine={message.senderId === userId} seen={message === myLastRead} />
        ))}
        {sending.map((item) => (
          <PendingBubble key={item.clientMessageId} item={item} onDiscard={() => realtime?.outbox.discard(item.clientMessageId)} />
        ))}
      </View>
      {typing ? (
        <Text accessibilityLiveRegion="polite" style={styles.typing}>
          {t('chat.typing', { name: otherName })}
        </Text>
      ) : null}
      <View style={styles.composer}>
        <View style={styles.input}>
          <TextField label={t('chat.messageLabel')} value={text} onChangeText={onChangeText} onSubmitEditing={send} maxLength={4000} />
        </View>
        <Button label={t('chat.send')} onPress={send} disabled={!text.trim()} />
      </View>
    </Screen>
  );
}

const noPending: PendingMessage[] = [];
const noMessages: Message[] = [];

/** Memoised: a new message re-renders itself, not the hundreds above it (each message object is kept as it was). */
const MessageBubble = memo(function MessageBubble({ message, mine, seen }: { message: Message; mine: boolean; seen: boolean }) {
  const { t, formatDateTime } = useI18n();
  const author = usePersonName(mine ? undefined : message.senderId);
  const text = message.removedByModeration
    ? t('chat.removedByModeration')
    : message.deleted
      ? isFormerMember(message.senderId)
        ? t('chat.formerMemberMessage')
        : t('chat.deleted')
      : message.text;
  return (
    <View role="listitem" aria-label={`${mine ? t('chat.you') : author}: ${text}`} style={[styles.bubble, mine ? styles.mine : styles.theirs]}>
      {!mine ? <Text style={styles.author}>{author}</Text> : null}
      <Text style={[styles.text, message.deleted && styles.deleted]}>{text}</Text>
      <Text style={styles.time}>
        {formatDateTime(message.sentAt)}
        {message.editedAt ? ` · ${t('chat.edited')}` : ''}
      </Text>
      {seen ? <Text style={styles.seen}>{t('chat.seen')}</Text> : null}
    </View>
  );
});

function PendingBubble({ item, onDiscard }: { item: PendingMessage; onDiscard: () => void }) {
  const { t } = useI18n();
  return (
    <View role="listitem" aria-label={`${t('chat.you')}: ${item.text}`} style={[styles.bubble, styles.mine, styles.pending]}>
      <Text style={styles.text}>{item.text}</Text>
      {item.refusedBecause ? (
        <>
          <Text style={styles.refused}>{t('chat.notSent', { reason: item.refusedBecause })}</Text>
          <Button label={t('chat.discard')} variant="secondary" onPress={onDiscard} />
        </>
      ) : (
        <Text style={styles.time}>{t('chat.sending')}</Text>
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  presence: { fontSize: 13, color: colors.muted },
  messages: { gap: space.s, paddingVertical: space.s },
  bubble: { maxWidth: '85%', padding: space.m, borderRadius: 12, gap: 2 },
  mine: { alignSelf: 'flex-end', backgroundColor: '#d1e0ff' },
  theirs: { alignSelf: 'flex-start', backgroundColor: colors.surface },
  pending: { opacity: 0.7 },
  author: { fontSize: 12, fontWeight: '600', color: colors.muted },
  text: { fontSize: 15, color: colors.text },
  deleted: { fontStyle: 'italic', color: colors.muted },
  time: { fontSize: 11, color: colors.muted },
  seen: { fontSize: 11, color: colors.success, fontWeight: '600' },
  refused: { fontSize: 12, color: colors.danger },
  typing: { fontSize: 13, color: colors.muted, fontStyle: 'italic' },
  composer: { flexDirection: 'row', alignItems: 'flex-end', gap: space.s },
  input: { flex: 1 },
});
