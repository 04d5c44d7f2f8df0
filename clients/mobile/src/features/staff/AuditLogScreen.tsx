import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { AuditEntry } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { Empty, ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { StaffLinks } from './StaffLinks';

/** Every staff action, newest first, filtered by target ("case:…", "user:…"), and the check of the hash chain. */
export function AuditLogScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const [target, setTarget] = useState('');
  const verify = useMutation({ mutationFn: () => unwrap(api.administration.GET('/api/v1/admin/audit/verification')) });
  const broken = verify.data?.brokenAt;
  return (
    <Screen title={t('staff.audit.title')}>
      <StaffLinks />
      <TextField label={t('staff.audit.target')} value={target} onChangeText={setTarget} autoCapitalize="none" placeholder="case:… / user:…" />
      <AuditEntries target={target.trim() || undefined} />
      <Button label={t('staff.audit.verify')} variant="secondary" onPress={() => verify.mutate()} busy={verify.isPending} />
      <ErrorBanner message={problemMessage(verify.error) ?? (broken != null ? t('staff.audit.broken', { entry: Number(broken), problem: verify.data?.problem ?? '' }) : null)} />
      <SuccessBanner message={verify.isSuccess && broken == null ? t('staff.audit.holds', { entries: Number(verify.data.entries) }) : null} />
    </Screen>
  );
}

/** The latest entries (of one target, or all), each with who, what, when, why. */
export function AuditEntries({ target }: { target?: string }) {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const entries = useQuery({
    queryKey: ['staff', 'audit', target ?? ''],
    queryFn: () => unwrap(api.administration.GET('/api/v1/admin/audit', { params: { query: { target, limit: 50 } } })),
  });
  return (
    <>
      {entries.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(entries.error)} />
      {entries.isSuccess && entries.data.length === 0 ? <Empty text={t('staff.audit.none')} /> : null}
      <View accessibilityRole="list" accessibilityLabel={t('staff.audit.entries')} style={styles.list}>
        {entries.data?.map((entry) => <AuditRow key={Number(entry.sequence)} entry={entry} />)}
      </View>
    </>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t, formatDateTime } = useI18n();
  return (
    <View accessible accessibilityLabel={`${entry.action} ${entry.target}`} style={styles.row}>
      <Text style={styles.action}>
        #{Number(entry.sequence)} · {entry.action}
      </Text>
      <Text style={styles.meta} selectable>
        {formatDateTime(entry.at)} · {entry.target} · {t('staff.audit.by', { id: entry.actorId })}
      </Text>
      <Text style={styles.reason}>{entry.reason}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.s },
  row: { padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: 2 },
  action: { fontSize: 15, fontWeight: '600', color: colors.text },
  meta: { fontSize: 12, color: colors.muted },
  reason: { fontSize: 14, color: colors.text },
});
