import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { Review } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useAuth } from '@/auth/AuthProvider';
import { ReportForm } from '@/features/moderation/ReportForm';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { Empty, ErrorBanner, Loading } from '@/ui/Feedback';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

/** The reviews a person received and that are shown (both sides reviewed, or 14 days passed), newest first, with their replies. */
export function ReviewList({ userId }: { userId: string }) {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const reviews = useInfiniteQuery({
    queryKey: ['reviews', userId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.reviews.GET('/api/v1/reviews/users/{userId}', { params: { path: { userId }, query: { limit: 10, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  if (reviews.isPending) {
    return <Loading label={t('common.loading')} />;
  }
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  const summary = reviews.data?.pages[0]?.summary;
  return (
    <View style={styles.list}>
      <ErrorBanner message={problemMessage(reviews.error)} />
      {summary && Number(summary.reviewCount) > 0 ? (
        <Text style={styles.summary}>{t('trust.rating', { rating: Number(summary.average).toFixed(1), count: summary.reviewCount })}</Text>
      ) : null}
      {items.length === 0 && reviews.isSuccess ? <Empty text={t('reviews.none')} /> : null}
      {items.map((review) => (
        <ReviewCard key={review.id} review={review} />
      ))}
      {reviews.hasNextPage ? <Button label={t('common.more')} variant="secondary" onPress={() => void reviews.fetchNextPage()} /> : null}
    </View>
  );
}

function ReviewCard({ review }: { review: Review }) {
  const { t, formatDateTime } = useI18n();
  const { userId } = useAuth();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const [reply, setReply] = useState('');
  const sendReply = useMutation({
    mutationFn: () => unwrap(api.reviews.POST('/api/v1/reviews/{reviewId}/reply', { params: { path: { reviewId: review.id } }, body: { text: reply.trim() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reviews', review.revieweeId] }),
  });
  const mine = review.revieweeId === userId;
  const removed = review.removedByModeration;
  return (
    <View accessibilityLabel={removed ? t('reviews.removedByModeration') : t('reviews.card', { rating: review.rating })} style={styles.card}>
      {removed ? null : <Text style={styles.rating}>{'★'.repeat(Number(review.rating))}{'☆'.repeat(5 - Number(review.rating))}</Text>}
      <Text style={styles.meta}>
        {review.skillLabel} · {formatDateTime(review.createdAt)}
      </Text>
      {removed ? <Text style={styles.removed}>{t('reviews.removedByModeration')}</Text> : null}
      {review.text ? <Text style={styles.text}>{review.text}</Text> : null}
      {review.reply ? <Text style={styles.reply}>{t('reviews.replyFrom', { text: review.reply.text })}</Text> : null}
      <ErrorBanner message={problemMessage(sendReply.error)} />
      {mine && !review.reply ? (
        <>
          <TextField label={t('reviews.replyLabel')} value={reply} onChangeText={setReply} multiline maxLength={1000} />
          <Button label={t('reviews.reply')} variant="secondary" onPress={() => sendReply.mutate()} busy={sendReply.isPending} disabled={!reply.trim()} />
        </>
      ) : null}
      {removed ? null : (
        <ReportForm
          label={t('reviews.report')}
          maxLength={1000}
          send={(reason) => unwrap(api.reviews.POST('/api/v1/reviews/{reviewId}/report', { params: { path: { reviewId: review.id } }, body: { reason } }))}
        />
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.m },
  summary: { fontSize: 15, fontWeight: '600', color: colors.text },
  card: { padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: space.xs },
  rating: { fontSize: 18, color: '#b54708' },
  meta: { fontSize: 13, color: colors.muted },
  text: { fontSize: 15, color: colors.text },
  removed: { fontSize: 15, fontStyle: 'italic', color: colors.muted },
  reply: { fontSize: 14, color: colors.text, fontStyle: 'italic', paddingLeft: space.m },
});
