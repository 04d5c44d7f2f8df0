import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import { apiBaseUrl } from '@/api/config';
import { downloadWithToken } from '@/api/download';
import { ApiProblem } from '@/api/problem';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useAuth } from '@/auth/AuthProvider';
import { erasureNotice } from '@/features/account/erasureNotice';
import { Consent } from '@/features/onboarding/SignUpScreen';
import { staffRoles } from '@/features/staff/staffRoles';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { LanguageSwitch } from '@/ui/LanguageSwitch';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

/** The person's account: profile and skills, language, consents, a copy of their data, erasure, signing out. */
export function AccountScreen() {
  const { t, formatDateTime } = useI18n();
  const router = useRouter();
  const { signOut, roles } = useAuth();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const account = useQuery({ queryKey: ['account'], queryFn: () => unwrap(api.identity.GET('/api/v1/identity/me')) });
  const marketing = useMutation({
    mutationFn: (granted: boolean) => unwrap(api.identity.PUT('/api/v1/identity/me/consents/marketing', { body: { granted } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['account'] }),
  });
  const exportData = useMutation({
    mutationFn: () => downloadWithToken('/api/v1/identity/me/export', 'skillswap-identity-export.json'),
  });

  return (
    <Screen title={t('account.title')} actions={<LanguageSwitch />}>
      {account.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(account.error)} />
      {account.data ? (
        <Text style={styles.meta}>
          {account.data.displayName} · {account.data.email} · {t('account.since', { date: formatDateTime(account.data.createdAt) })}
        </Text>
      ) : null}
      <Button label={t('account.editProfile')} onPress={() => router.push('/account/profile')} />
      <Button label={t('profile.editSkills')} variant="secondary" onPress={() => router.push('/account/skills')} />
      {staffRoles.isStaff(roles) ? (
        <Button
          label={t('account.staff')}
          variant="secondary"
          onPress={() => router.push(staffRoles.canModerate(roles) ? '/staff' : '/staff/kpis')}
        />
      ) : null}
      <Section title={t('account.consents')}>
        {account.data ? (
          <Consent label={t('signUp.marketing')} value={account.data.marketingConsent} onChange={(granted) => marketing.mutate(granted)} />
        ) : null}
        <ErrorBanner message={problemMessage(marketing.error)} />
      </Section>
      <Section title={t('account.yourData')}>
        <Text style={styles.meta}>{t('account.exportExplained')}</Text>
        <Button label={t('account.export')} variant="secondary" onPress={() => exportData.mutate()} busy={exportData.isPending} />
        <ErrorBanner message={problemMessage(exportData.error)} />
        <SuccessBanner message={exportData.isSuccess ? t('account.exported') : null} />
      </Section>
      <CalendarFeed />
      <PresenceSharing />
      <Erasure />
      <Button label={t('account.signOut')} variant="secondary" onPress={() => void signOut()} />
    </Screen>
  );
}

/** The private calendar address (webcal), made on request; asking again revokes the previous one. */
function CalendarFeed() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const feed = useMutation({ mutationFn: () => unwrap(api.sessions.POST('/api/v1/sessions/calendar-feed')) });
  const address = feed.data ? `${apiBaseUrl().replace(/^http/, 'webcal')}${feed.data.url}` : null;
  return (
    <Section title={t('account.calendar')}>
      <Text style={styles.meta}>{t('account.calendarExplained')}</Text>
      <Button label={t('account.calendarFeed')} variant="secondary" onPress={() => feed.mutate()} busy={feed.isPending} />
      <ErrorBanner message={problemMessage(feed.error)} />
      {address ? (
        <Text selectable accessibilityLabel={address} style={styles.text}>
          {address}
        </Text>
      ) : null}
    </Section>
  );
}

/** Whether the people one talks with see when one is online (Chat shares it only between people who both took part). */
export function PresenceSharing() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const sharing = useQuery({ queryKey: ['presence', 'sharing'], queryFn: () => unwrap(api.chat.GET('/api/v1/chat/presence/sharing')) });
  const change = useMutation({
    mutationFn: (shares: boolean) => unwrap(api.chat.PUT('/api/v1/chat/presence/sharing', { body: { shares } })),
    onSuccess: (answer) => queryClient.setQueryData(['presence', 'sharing'], answer),
  });
  return (
    <Section title={t('account.privacy')}>
      {sharing.data ? (
        <Consent label={t('account.sharePresence')} value={sharing.data.shares ?? true} onChange={(shares) => change.mutate(shares)} />
      ) : null}
      <Text style={styles.meta}>{t('account.sharePresenceExplained')}</Text>
      <ErrorBanner message={problemMessage(sharing.error ?? change.error)} />
    </Section>
  );
}

/**
 * Erasure: confirmed with the password; sign-in stops at once and every service forgets the person within 30 days
 * (usually seconds). The status stays readable until the token in hand expires.
 */
export function Erasure() {
  const { t, formatDateTime } = useI18n();
  const problemMessage = useProblemMessage();
  const [password, setPassword] = useState('');
  const [asking, setAsking] = useState(false);
  const status = useQuery({
    queryKey: ['account', 'erasure'],
    queryFn: () => unwrap(api.identity.GET('/api/v1/identity/me/erasure')),
    retry: false,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'completed' ? 3000 : false),
  });
  const erase = useMutation({
    mutationFn: () => unwrap(api.identity.DELETE('/api/v1/identity/me', { body: { password } })),
    onSuccess: (requested) => {
      erasureNotice.remember(requested.requestedAt);
      void status.refetch();
    },
  });
  const requested = status.data ?? erase.data;
  if (requested) {
    return (
      <Section title={t('account.erasure')}>
        <View accessibilityRole="summary" style={styles.box}>
          <Text style={styles.text}>{t(`erasure.${requested.status}`)}</Text>
          <Text style={styles.meta}>{t('erasure.requestedAt', { date: formatDateTime(requested.requestedAt) })}</Text>
          {requested.participants.map((participant) => (
            <Text key={participant.service} style={styles.meta}>
              {participant.service}: {participant.erasedAt ? t('erasure.erased') : t('erasure.participantPending')}
            </Text>
          ))}
        </View>
      </Section>
    );
  }
  const wrongPassword = erase.error instanceof ApiProblem && erase.error.slug === 'password-confirmation-failed';
  return (
    <Section title={t('account.erasure')}>
      <Text style={styles.meta}>{t('account.erasureExplained')}</Text>
      {!asking ? <Button label={t('account.erase')} variant="danger" onPress={() => setAsking(true)} /> : null}
      {asking ? (
        <View style={styles.box}>
          <TextField label={t('account.confirmPassword')} value={password} onChangeText={setPassword} secureTextEntry error={wrongPassword ? t('problem.password-confirmation-failed') : null} />
          <ErrorBanner message={wrongPassword ? null : problemMessage(erase.error)} />
          <Button label={t('account.eraseConfirm')} variant="danger" onPress={() => erase.mutate()} busy={erase.isPending} disabled={!password} />
          <Button label={t('sessions.cancelNo')} variant="secondary" onPress={() => setAsking(false)} />
        </View>
      ) : null}
    </Section>
  );
}

const styles = StyleSheet.create({
  meta: { fontSize: 14, color: colors.muted },
  text: { fontSize: 15, color: colors.text, fontWeight: '600' },
  box: { gap: space.s, padding: space.m, borderRadius: 8, backgroundColor: colors.surface },
});
