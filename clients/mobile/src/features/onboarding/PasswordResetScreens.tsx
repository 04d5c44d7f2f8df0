import { useMutation } from '@tanstack/react-query';
import { Link, useLocalSearchParams } from 'expo-router';
import { useState } from 'react';
import { StyleSheet } from 'react-native';

import { api, unwrap } from '@/api/client';
import { ApiProblem } from '@/api/problem';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { ErrorBanner, SuccessBanner } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => unwrap(api.identity.POST('/api/v1/identity/password-reset', { body: { email: email.trim() } })),
  });
  return (
    <Screen title={t('forgot.title')}>
      <TextField label={t('field.email')} value={email} onChangeText={setEmail} autoCapitalize="none" keyboardType="email-address" />
      <ErrorBanner message={problemMessage(request.error)} />
      <SuccessBanner message={request.isSuccess ? t('forgot.sent') : null} />
      <Button label={t('forgot.submit')} onPress={() => request.mutate()} busy={request.isPending} disabled={!email.trim()} />
      <Link href="/sign-in" style={styles.link}>
        {t('verify.toSignIn')}
      </Link>
    </Screen>
  );
}

/** Where the reset email leads: a new password, after which every device must sign in again. */
export function ResetPasswordScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const { token } = useLocalSearchParams<{ token?: string }>();
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () =>
      unwrap(api.identity.POST('/api/v1/identity/password-reset/confirm', { body: { token: token ?? '', newPassword: password } })),
  });
  const fieldError = reset.error instanceof ApiProblem ? reset.error.fieldError('newPassword') : null;
  return (
    <Screen title={t('reset.title')}>
      {!token ? <ErrorBanner message={t('verify.missingToken')} /> : null}
      <TextField label={t('reset.newPassword')} value={password} onChangeText={setPassword} secureTextEntry autoComplete="new-password" error={fieldError} />
      <ErrorBanner message={problemMessage(reset.error)} />
      <SuccessBanner message={reset.isSuccess ? t('reset.done') : null} />
      <Button label={t('reset.submit')} onPress={() => reset.mutate()} busy={reset.isPending} disabled={!token || !password || reset.isSuccess} />
      <Link href="/sign-in" style={styles.link}>
        {t('verify.toSignIn')}
      </Link>
    </Screen>
  );
}

const styles = StyleSheet.create({
  link: { color: colors.primary, fontSize: 15, paddingVertical: space.s },
});
