import { useMutation } from '@tanstack/react-query';
import { Link, useLocalSearchParams } from 'expo-router';
import { useEffect } from 'react';
import { StyleSheet } from 'react-native';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { colors, space } from '@/ui/theme';

/** Where the verification email leads (https://…/verify-email?token=… on the web, skillswap://verify-email?token=… on a phone). */
export function VerifyEmailScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const { token } = useLocalSearchParams<{ token?: string }>();
  const verify = useMutation({
    mutationFn: (value: string) => unwrap(api.identity.POST('/api/v1/identity/email-verification', { body: { token: value } })),
  });
  const { mutate } = verify;

  useEffect(() => {
    if (token) {
      mutate(token);
    }
  }, [token, mutate]);

  return (
    <Screen title={t('verify.title')}>
      {!token ? <ErrorBanner message={t('verify.missingToken')} /> : null}
      {verify.isPending ? <Loading label={t('verify.checking')} /> : null}
      <SuccessBanner message={verify.isSuccess ? t('verify.done') : null} />
      <ErrorBanner message={problemMessage(verify.error)} />
      <Link href="/sign-in" style={styles.link}>
        {t('verify.toSignIn')}
      </Link>
    </Screen>
  );
}

const styles = StyleSheet.create({
  link: { color: colors.primary, fontSize: 15, paddingVertical: space.s },
});
