import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocalSearchParams } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, Text } from 'react-native';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { Empty, ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

const minLength = 20;

/**
 * Where a moderation decision's email leads: the decision, and the one appeal its person may send. No sign-in — a
 * suspended or banned person has none; the link's token is the key.
 */
export function AppealScreen() {
  const { t, formatDateTime } = useI18n();
  const problemMessage = useProblemMessage();
  const { token } = useLocalSearchParams<{ token?: string }>();
  const [text, setText] = useState('');
  const decision = useQuery({
    queryKey: ['appeal', token],
    enabled: !!token,
    queryFn: () => unwrap(api.administration.POST('/api/v1/appeals/decision', { body: { token: token ?? '' } })),
  });
  const appeal = useMutation({
    mutationFn: () => unwrap(api.administration.POST('/api/v1/appeals', { body: { token: token ?? '', text: text.trim() } })),
  });
  const contested = decision.data?.appealedAt ?? appeal.data?.appealedAt;
  const open = decision.data && decision.data.outcome && !contested;
  return (
    <Screen title={t('appeal.title')}>
      {!token ? <ErrorBanner message={t('verify.missingToken')} /> : null}
      {decision.isLoading ? <Loading label={t('appeal.loading')} /> : null}
      <ErrorBanner message={problemMessage(decision.error)} />
      {decision.data?.outcome ? (
        <Section title={t('appeal.decision')}>
          <Text style={styles.outcome}>{t(`appeal.outcome.${decision.data.outcome}`)}</Text>
          <Text style={styles.meta}>{t('appeal.decidedOn', { date: formatDateTime(decision.data.decidedAt) })}</Text>
          {decision.data.sanctionUntil ? <Text style={styles.meta}>{t('appeal.until', { date: formatDateTime(decision.data.sanctionUntil) })}</Text> : null}
          {decision.data.reason ? <Text style={styles.reason}>{t('appeal.reason', { reason: decision.data.reason })}</Text> : null}
        </Section>
      ) : null}
      {contested && !appeal.isSuccess ? <Empty text={t('appeal.appealedOn', { date: formatDateTime(contested) })} /> : null}
      <SuccessBanner message={appeal.isSuccess ? t('appeal.sent') : null} />
      {open && !appeal.isSuccess ? (
        <>
          <Text style={styles.meta}>{t('appeal.expires', { date: formatDateTime(decision.data.expiresAt) })}</Text>
          <TextField label={t('appeal.text')} value={text} onChangeText={setText} multiline maxLength={2000} />
          <Text style={styles.meta}>{t('appeal.textHint')}</Text>
          <ErrorBanner message={problemMessage(appeal.error)} />
          <Button label={t('appeal.submit')} onPress={() => appeal.mutate()} busy={appeal.isPending} disabled={text.trim().length < minLength} />
        </>
      ) : null}
    </Screen>
  );
}

const styles = StyleSheet.create({
  outcome: { fontSize: 17, fontWeight: '600', color: colors.text },
  meta: { fontSize: 14, color: colors.muted },
  reason: { fontSize: 15, color: colors.text, paddingTop: space.xs },
});
