import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { Sanction } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { Empty, ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { StaffLinks } from './StaffLinks';

/** The suspensions and bans in force, newest first, each liftable early with a reason (audited). */
export function SanctionsScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const sanctions = useQuery({
    queryKey: ['staff', 'sanctions'],
    queryFn: () => unwrap(api.administration.GET('/api/v1/admin/sanctions', { params: { query: { inForce: true, limit: 100 } } })),
  });
  return (
    <Screen title={t('staff.sanctions.title')}>
      <StaffLinks />
      {sanctions.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(sanctions.error)} />
      {sanctions.isSuccess && sanctions.data.length === 0 ? <Empty text={t('staff.sanctions.none')} /> : null}
      <View accessibilityRole="list" accessibilityLabel={t('staff.sanctions.title')} style={styles.list}>
        {sanctions.data?.map((sanction) => <SanctionRow key={sanction.id} sanction={sanction} />)}
      </View>
    </Screen>
  );
}

function SanctionRow({ sanction }: { sanction: Sanction }) {
  const { t, formatDateTime } = useI18n();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [lifting, setLifting] = useState(false);
  const lift = useMutation({
    mutationFn: () =>
      unwrap(api.administration.POST('/api/v1/admin/sanctions/{sanctionId}/lifting', { params: { path: { sanctionId: sanction.id } }, body: { reason: reason.trim() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['staff', 'sanctions'] }),
  });
  return (
    <View style={styles.row}>
      <Text style={styles.title}>
        {t(`staff.sanction.${sanction.kind}`)} · {sanction.until ? t('staff.sanctions.until', { date: formatDateTime(sanction.until) }) : t('staff.sanctions.forGood')}
      </Text>
      <Text style={styles.meta} selectable>
        {t('staff.case.reportedPerson', { id: sanction.userId })} · {formatDateTime(sanction.imposedAt)}
      </Text>
      <Text style={styles.reason}>{sanction.reason}</Text>
      {lifting ? (
        <>
          <TextField label={t('staff.decision.reason')} value={reason} onChangeText={setReason} maxLength={1000} />
          <Button label={t('staff.sanctions.lift')} onPress={() => lift.mutate()} busy={lift.isPending} disabled={reason.trim().length < 10} />
        </>
      ) : (
        <Button label={t('staff.sanctions.liftEarly')} variant="secondary" onPress={() => setLifting(true)} />
      )}
      <ErrorBanner message={problemMessage(lift.error)} />
      <SuccessBanner message={lift.isSuccess ? t('staff.sanctions.lifted') : null} />
    </View>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.s },
  row: { padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: space.xs },
  title: { fontSize: 16, fontWeight: '600', color: colors.text },
  meta: { fontSize: 12, color: colors.muted },
  reason: { fontSize: 14, color: colors.text },
});
