import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { SupportAccount } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { ErrorBanner, SuccessBanner } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { StaffLinks } from './StaffLinks';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Support's desk: an account looked up by address or id, with a reason (recorded in the audit log with who and why),
 * its state, and the two kinds of help support gives: the confirmation link again, a lockout lifted.
 */
export function SupportScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const [who, setWho] = useState('');
  const [reason, setReason] = useState('');
  const lookUp = useMutation({
    mutationFn: () => {
      const key = who.trim();
      return unwrap(
        api.identity.POST('/api/v1/identity/support/accounts/look-ups', {
          body: uuid.test(key) ? { userId: key, email: null, reason: reason.trim() } : { email: key, userId: null, reason: reason.trim() },
        }),
      );
    },
  });
  return (
    <Screen title={t('staff.support.title')}>
      <StaffLinks />
      <TextField label={t('staff.support.who')} value={who} onChangeText={setWho} autoCapitalize="none" autoComplete="off" />
      <TextField label={t('staff.decision.reason')} value={reason} onChangeText={setReason} maxLength={500} />
      <Text style={styles.meta}>{t('staff.support.recorded')}</Text>
      <ErrorBanner message={problemMessage(lookUp.error)} />
      <Button label={t('staff.support.lookUp')} onPress={() => lookUp.mutate()} busy={lookUp.isPending} disabled={!who.trim() || reason.trim().length < 10} />
      {lookUp.data ? <AccountState account={lookUp.data} reason={reason.trim()} /> : null}
    </Screen>
  );
}

function AccountState({ account, reason }: { account: SupportAccount; reason: string }) {
  const { t, formatDateTime } = useI18n();
  const problemMessage = useProblemMessage();
  const sendLink = useMutation({
    mutationFn: () =>
      unwrap(api.identity.POST('/api/v1/identity/support/accounts/{userId}/verification-link', { params: { path: { userId: account.id } }, body: { reason } })),
  });
  const liftLockout = useMutation({
    mutationFn: () =>
      unwrap(api.identity.POST('/api/v1/identity/support/accounts/{userId}/lockout/lifting', { params: { path: { userId: account.id } }, body: { reason } })),
  });
  const lines = [
    `${account.displayName} · ${account.email} · ${account.role}`,
    t('staff.support.since', { date: formatDateTime(account.createdAt) }),
    account.emailVerified ? t('staff.support.verified') : t('staff.support.unverified'),
    account.lockedOutUntil ? t('staff.support.lockedOut', { date: formatDateTime(account.lockedOutUntil) }) : null,
    account.sanction
      ? t('staff.support.sanction', { kind: t(`staff.sanction.${account.sanction.kind}`), until: account.sanction.until ? formatDateTime(account.sanction.until) : '—' })
      : null,
    account.erasureRequestedAt ? t('staff.support.erasure', { date: formatDateTime(account.erasureRequestedAt) }) : null,
  ].filter((line): line is string => line !== null);
  return (
    <Section title={t('staff.support.account')}>
      <View accessible accessibilityLabel={lines.join('. ')} style={styles.card}>
        {lines.map((line) => (
          <Text key={line} style={styles.line} selectable>
            {line}
          </Text>
        ))}
      </View>
      {!account.emailVerified ? (
        <Button label={t('staff.support.sendLink')} variant="secondary" onPress={() => sendLink.mutate()} busy={sendLink.isPending} disabled={sendLink.isSuccess} />
      ) : null}
      {account.lockedOutUntil ? (
        <Button label={t('staff.support.liftLockout')} variant="secondary" onPress={() => liftLockout.mutate()} busy={liftLockout.isPending} disabled={liftLockout.isSuccess} />
      ) : null}
      <ErrorBanner message={problemMessage(sendLink.error ?? liftLockout.error)} />
      <SuccessBanner message={sendLink.isSuccess || liftLockout.isSuccess ? t('common.done') : null} />
    </Section>
  );
}

const styles = StyleSheet.create({
  meta: { fontSize: 12, color: colors.muted },
  card: { padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: 2 },
  line: { fontSize: 14, color: colors.text },
});
