import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { colors, space } from '@/ui/theme';

/** Minutes as hours and minutes ("1 h 30"): credits are time. */
export function useDuration() {
  const { t } = useI18n();
  return (minutes: number | string) => {
    const total = Math.abs(Number(minutes));
    const hours = Math.floor(total / 60);
    const rest = total % 60;
    const text = hours > 0 ? t('duration.hoursMinutes', { hours, minutes: rest > 0 ? String(rest).padStart(2, '0') : '' }).trim() : t('duration.minutes', { minutes: rest });
    return Number(minutes) < 0 ? `−${text}` : text;
  };
}

export function useWallet() {
  // Asked again whenever a screen showing it opens: money moves through events, not through this screen.
  return useQuery({ queryKey: ['wallet'], queryFn: () => unwrap(api.payments.GET('/api/v1/wallet')), refetchOnMount: 'always' });
}

/** Balance, held in escrow, and coming in from sessions given. */
export function WalletSummary() {
  const { t } = useI18n();
  const wallet = useWallet();
  const duration = useDuration();
  const problemMessage = useProblemMessage();
  if (!wallet.data) {
    return wallet.isPending ? <Loading label={t('common.loading')} /> : <ErrorBanner message={problemMessage(wallet.error)} />;
  }
  return (
    <View accessibilityRole="summary" accessibilityLabel={t('wallet.title')} style={styles.summary}>
      <Figure label={t('wallet.balance')} value={duration(wallet.data.balanceMinutes)} />
      <Figure label={t('wallet.held')} value={duration(wallet.data.heldMinutes)} />
      <Figure label={t('wallet.incoming')} value={duration(wallet.data.incomingMinutes)} />
    </View>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.figure}>
      <Text style={styles.figureLabel}>{label}</Text>
      <Text accessibilityLabel={`${label}: ${value}`} style={styles.figureValue}>
        {value}
      </Text>
    </View>
  );
}

export function WalletScreen() {
  const { t, formatDateTime } = useI18n();
  const duration = useDuration();
  const problemMessage = useProblemMessage();
  const statement = useInfiniteQuery({
    queryKey: ['wallet', 'statement'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.payments.GET('/api/v1/wallet/statement', { params: { query: { limit: '20', cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = statement.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Screen title={t('wallet.title')}>
      <WalletSummary />
      <Text style={styles.hint}>{t('wallet.explained')}</Text>
      <Section title={t('wallet.statement')}>
        <ErrorBanner message={problemMessage(statement.error)} />
        {entries.map((entry) => (
          <View key={entry.id} style={styles.entry}>
            <Text style={styles.entryKind}>{t(`ledger.${entry.kind}`)}</Text>
            <Text style={styles.entryAmount}>{duration(entry.amountMinutes)}</Text>
            <Text style={styles.hint}>
              {formatDateTime(entry.occurredAt)} · {t('wallet.balanceAfter', { balance: duration(entry.balanceAfterMinutes) })}
            </Text>
          </View>
        ))}
        {statement.hasNextPage ? <Button label={t('common.more')} variant="secondary" onPress={() => void statement.fetchNextPage()} /> : null}
      </Section>
    </Screen>
  );
}

const styles = StyleSheet.create({
  summary: { flexDirection: 'row', gap: space.s, flexWrap: 'wrap' },
  figure: { flex: 1, minWidth: 90, padding: space.m, borderRadius: 8, backgroundColor: colors.surface },
  figureLabel: { fontSize: 12, color: colors.muted },
  figureValue: { fontSize: 20, fontWeight: '700', color: colors.text },
  hint: { fontSize: 13, color: colors.muted },
  entry: { paddingVertical: space.s, borderBottomWidth: 1, borderBottomColor: colors.surface },
  entryKind: { fontSize: 15, color: colors.text },
  entryAmount: { fontSize: 15, fontWeight: '600', color: colors.text },
});
