import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { ErrorBanner } from '@/ui/Feedback';
import { colors, space } from '@/ui/theme';

/**
 * When the terms or the privacy policy changed since the person accepted them, the new versions are shown and
 * accepted explicitly (Identity records each consent with its version).
 */
export function LegalConsentBanner() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const account = useQuery({ queryKey: ['account'], queryFn: () => unwrap(api.identity.GET('/api/v1/identity/me')) });
  const legal = useQuery({
    queryKey: ['legal-documents'],
    queryFn: () => unwrap(api.identity.GET('/api/v1/identity/legal-documents')),
    enabled: account.data?.legalConsentUpToDate === false,
  });
  const accept = useMutation({
    mutationFn: () =>
      unwrap(
        api.identity.POST('/api/v1/identity/me/consents/legal', {
          body: { termsOfServiceVersion: legal.data!.termsOfServiceVersion, privacyPolicyVersion: legal.data!.privacyPolicyVersion },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['account'] }),
  });
  if (account.data?.legalConsentUpToDate !== false || !legal.data) {
    return null;
  }
  return (
    <View accessible accessibilityRole="alert" style={styles.box}>
      <Text style={styles.title}>{t('legal.changedTitle')}</Text>
      <Text style={styles.text}>
        {t('legal.changed', { terms: legal.data.termsOfServiceVersion, privacy: legal.data.privacyPolicyVersion })}
      </Text>
      <Text style={styles.hint}>{t('legal.termsSummary')}</Text>
      <Text style={styles.hint}>{t('legal.privacySummary')}</Text>
      <ErrorBanner message={problemMessage(accept.error)} />
      <Button label={t('legal.accept')} onPress={() => accept.mutate()} busy={accept.isPending} />
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: space.s, padding: space.m, borderRadius: 8, backgroundColor: '#fffaeb' },
  title: { fontSize: 16, fontWeight: '700', color: colors.text },
  text: { fontSize: 14, color: colors.text },
  hint: { fontSize: 13, color: colors.muted },
});
