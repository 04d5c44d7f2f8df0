import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { useState } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { CaseSummary } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useAuth } from '@/auth/AuthProvider';
import { useI18n } from '@/i18n';
import { Checkbox, RadioGroup } from '@/ui/Choices';
import { Empty, ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { colors, space } from '@/ui/theme';

import { CaseClock } from './CaseClock';
import { StaffLinks } from './StaffLinks';
import { staffRoles } from './staffRoles';

type Status = 'open' | 'decided';
type Kind = 'all' | 'chat-message' | 'review' | 'profile' | 'dispute';

/** The moderators' queue: highest priority first, then oldest; filtered by status, kind and "my cases". */
export function QueueScreen() {
  const { t } = useI18n();
  const { roles } = useAuth();
  const problemMessage = useProblemMessage();
  const [status, setStatus] = useState<Status>('open');
  const [kind, setKind] = useState<Kind>('all');
  const [mine, setMine] = useState(false);
  const moderates = staffRoles.canModerate(roles);
  const queue = useQuery({
    queryKey: ['staff', 'queue', status, kind, mine],
    enabled: moderates,
    queryFn: () =>
      unwrap(
        api.administration.GET('/api/v1/admin/cases', {
          params: { query: { status, kind: kind === 'all' ? undefined : kind, assigned: mine ? 'me' : undefined, limit: 100 } },
        }),
      ),
  });
  return (
    <Screen title={t('staff.title')}>
      <StaffLinks />
      {!moderates ? <Empty text={t('staff.queue.notModerator')} /> : null}
      {moderates ? (
        <>
          <RadioGroup<Status>
            label={t('staff.queue.status')}
            value={status}
            onChange={setStatus}
            options={[
              { value: 'open', label: t('staff.status.open') },
              { value: 'decided', label: t('staff.status.decided') },
            ]}
          />
          <RadioGroup<Kind>
            label={t('staff.queue.kind')}
            value={kind}
            onChange={setKind}
            options={(['all', 'chat-message', 'review', 'profile', 'dispute'] as const).map((value) => ({ value, label: t(`staff.kind.${value}`) }))}
          />
          <View style={styles.filters}>
            <Checkbox label={t('staff.queue.mine')} checked={mine} onChange={setMine} />
          </View>
          {queue.isPending ? <Loading label={t('common.loading')} /> : null}
          <ErrorBanner message={problemMessage(queue.error)} />
          {queue.isSuccess && queue.data.length === 0 ? <Empty text={t('staff.queue.empty')} /> : null}
          <View accessibilityRole="list" accessibilityLabel={t('staff.queue.title')} style={styles.list}>
            {queue.data?.map((moderationCase) => <CaseRow key={moderationCase.id} moderationCase={moderationCase} />)}
          </View>
        </>
      ) : null}
    </Screen>
  );
}

function CaseRow({ moderationCase }: { moderationCase: CaseSummary }) {
  const { t, formatDateTime } = useI18n();
  const router = useRouter();
  const kind = t(`staff.kind.${moderationCase.kind}`);
  return (
    <Pressable
      accessibilityRole="link"
      accessibilityLabel={t('staff.queue.openCase', { kind, subject: moderationCase.subject })}
      onPress={() => router.push({ pathname: '/staff/cases/[caseId]', params: { caseId: moderationCase.id } })}
      style={styles.row}
    >
      <View style={styles.rowHeader}>
        <Text style={styles.kind}>
          {kind}
          {moderationCase.underAppeal ? ` · ${t('staff.case.underAppeal')}` : ''}
        </Text>
        <Text style={styles.priority}>{t('staff.case.priority', { priority: Number(moderationCase.priority) })}</Text>
      </View>
      <Text style={styles.meta} numberOfLines={1}>
        {moderationCase.subject}
      </Text>
      <Text style={styles.meta}>
        {t('staff.case.reports', { count: Number(moderationCase.reportCount) })} · {t('staff.case.opened', { date: formatDateTime(moderationCase.openedAt) })}
        {moderationCase.assignedTo ? ` · ${t('staff.case.taken')}` : ''}
      </Text>
      {moderationCase.status === 'open' ? <CaseClock waitingSince={moderationCase.waitingSince} dueAt={moderationCase.dueAt} /> : null}
    </Pressable>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.s },
  filters: { flexDirection: 'row' },
  row: { padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: 2 },
  rowHeader: { flexDirection: 'row', justifyContent: 'space-between', gap: space.s },
  kind: { fontSize: 16, fontWeight: '600', color: colors.text },
  priority: { fontSize: 13, fontWeight: '600', color: colors.danger },
  meta: { fontSize: 13, color: colors.muted },
});
