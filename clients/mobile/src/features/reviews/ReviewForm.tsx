import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { RadioGroup } from '@/ui/Choices';
import { ErrorBanner, SuccessBanner } from '@/ui/Feedback';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

const stars = [1, 2, 3, 4, 5].map((value) => ({ value, label: String(value) }));

/**
 * A review of the other side of a completed session. Double-blind: nobody reads a review before writing theirs; both
 * are shown once both are written, or 14 days after the session, and can be changed only the first day, while hidden.
 */
export function ReviewForm({ sessionId, revieweeId, revieweeName }: { sessionId: string; revieweeId: string; revieweeName: string }) {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState<number | null>(null);
  const [text, setText] = useState('');
  const mine = useQuery({ queryKey: ['reviews', 'mine'], queryFn: () => unwrap(api.reviews.GET('/api/v1/reviews/mine')) });
  const written = mine.data?.written.find((review) => review.sessionId === sessionId && review.revieweeId === revieweeId);
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.reviews.POST('/api/v1/reviews', {
          body: { sessionId, revieweeId, rating, clarity: null, punctuality: null, patience: null, text: text.trim() || null },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reviews'] }),
  });
  if (written) {
    return (
      <View style={styles.box}>
        <Text style={styles.text}>{t('reviews.writtenFor', { name: revieweeName, rating: written.rating })}</Text>
        <Text style={styles.hint}>{written.visible ? t('reviews.visible') : t('reviews.hiddenUntilBoth')}</Text>
      </View>
    );
  }
  return (
    <View style={styles.box}>
      <Text style={styles.hint}>{t('reviews.doubleBlind')}</Text>
      <RadioGroup label={t('reviews.ratingFor', { name: revieweeName })} value={rating} onChange={setRating} options={stars} />
      <TextField label={t('reviews.text')} value={text} onChangeText={setText} multiline maxLength={1000} />
      <ErrorBanner message={problemMessage(send.error)} />
      <SuccessBanner message={send.isSuccess ? t('reviews.sent') : null} />
      <Button label={t('reviews.submit')} onPress={() => send.mutate()} busy={send.isPending} disabled={rating === null} />
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: space.s, padding: space.m, borderRadius: 8, backgroundColor: colors.surface },
  text: { fontSize: 15, color: colors.text },
  hint: { fontSize: 13, color: colors.muted },
});
