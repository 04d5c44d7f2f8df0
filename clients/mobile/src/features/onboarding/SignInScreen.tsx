import { useMutation } from '@tanstack/react-query';
import { Link, useLocalSearchParams } from 'expo-router';
import { useState } from 'react';
import { StyleSheet } from 'react-native';

import { api, unwrap } from '@/api/client';
import { ApiProblem } from '@/api/problem';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useAuth } from '@/auth/AuthProvider';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { ErrorBanner, SuccessBanner } from '@/ui/Feedback';
import { LanguageSwitch } from '@/ui/LanguageSwitch';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

/** Sign-in; an unverified address is offered a new verification link on the spot. */
export function SignInScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const { signIn } = useAuth();
  const params = useLocalSearchParams<{ email?: string }>();
  const [email, setEmail] = useState(params.email ?? '');
  const [password, setPassword] = useState('');

  const attempt = useMutation({ mutationFn: () => signIn(email.trim(), password) });
  const resend = useMutation({
    // The password proves which sign-up's link to send again (someone else may have signed up with this address first).
    mutationFn: () =>
      unwrap(api.identity.POST('/api/v1/identity/email-verification/resend', { body: { email: email.trim(), password } })),
  });
  const unverified = attempt.error instanceof ApiProblem && attempt.error.slug === 'email-not-verified';

  return (
    <Screen title={t('signIn.title')} actions={<LanguageSwitch />}>
      <TextField label={t('field.email')} value={email} onChangeText={setEmail} autoCapitalize="none" autoComplete="email" keyboardType="email-address" />
      <TextField label={t('field.password')} value={password} onChangeText={setPassword} secureTextEntry autoComplete="current-password" />
      <ErrorBanner message={problemMessage(attempt.error)} />
      {unverified ? (
        <Button label={t('signIn.resendVerification')} variant="secondary" onPress={() => resend.mutate()} busy={resend.isPending} />
      ) : null}
      <SuccessBanner message={resend.isSuccess ? t('signIn.verificationSent') : null} />
      <Button label={t('signIn.submit')} onPress={() => attempt.mutate()} busy={attempt.isPending} disabled={!email.trim() || !password} />
      <Link href="/forgot-password" style={styles.link}>
        {t('signIn.forgot')}
      </Link>
      <Link href="/sign-up" style={styles.link}>
        {t('signIn.noAccount')}
      </Link>
    </Screen>
  );
}

const styles = StyleSheet.create({
  link: { color: colors.primary, fontSize: 15, paddingVertical: space.s },
});
