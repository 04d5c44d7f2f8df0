import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, Switch, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import { ApiProblem } from '@/api/problem';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { LanguageSwitch } from '@/ui/LanguageSwitch';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

/**
 * Sign-up: name, email, password, the terms and the privacy policy (their current versions, each accepted by its own
 * switch), marketing emails optional and off. Identity answers the same whether or not the address is taken, so the
 * screen always ends with "check your inbox".
 */
export function SignUpScreen() {
  const { t, language } = useI18n();
  const problemMessage = useProblemMessage();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [terms, setTerms] = useState(false);
  const [privacy, setPrivacy] = useState(false);
  const [marketing, setMarketing] = useState(false);

  const legal = useQuery({
    queryKey: ['legal-documents'],
    queryFn: () => unwrap(api.identity.GET('/api/v1/identity/legal-documents')),
  });
  const signUp = useMutation({
    mutationFn: () =>
      unwrap(
        api.identity.POST('/api/v1/identity/accounts', {
          body: {
            displayName: displayName.trim(),
            email: email.trim(),
            password,
            locale: language,
            acceptedTermsOfServiceVersion: legal.data!.termsOfServiceVersion,
            acceptedPrivacyPolicyVersion: legal.data!.privacyPolicyVersion,
            marketingConsent: marketing,
          },
        }),
      ),
  });
  const fieldError = (field: string) => (signUp.error instanceof ApiProblem ? signUp.error.fieldError(field) : null);

  if (signUp.isSuccess) {
    return (
      <Screen title={t('signUp.doneTitle')}>
        <SuccessBanner message={t('signUp.done', { email: email.trim() })} />
        <Link href={{ pathname: '/sign-in', params: { email: email.trim() } }} style={styles.link}>
          {t('signUp.toSignIn')}
        </Link>
      </Screen>
    );
  }

  return (
    <Screen title={t('signUp.title')} actions={<LanguageSwitch />}>
      <TextField label={t('field.displayName')} value={displayName} onChangeText={setDisplayName} autoComplete="name" error={fieldError('displayName')} />
      <TextField
        label={t('field.email')}
        value={email}
        onChangeText={setEmail}
        autoCapitalize="none"
        autoComplete="email"
        keyboardType="email-address"
        error={fieldError('email')}
      />
      <TextField
        label={t('field.password')}
        value={password}
        onChangeText={setPassword}
        secureTextEntry
        autoComplete="new-password"
        error={fieldError('password')}
      />
      <Text style={styles.hint}>{t('signUp.passwordHint')}</Text>
      {legal.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(legal.error)} />
      {legal.data ? (
        <View style={styles.consents}>
          <Consent
            label={t('signUp.acceptTerms', { version: legal.data.termsOfServiceVersion })}
            value={terms}
            onChange={setTerms}
          />
          <Text style={styles.hint}>{t('legal.termsSummary')}</Text>
          <Consent
            label={t('signUp.acceptPrivacy', { version: legal.data.privacyPolicyVersion })}
            value={privacy}
            onChange={setPrivacy}
          />
          <Text style={styles.hint}>{t('legal.privacySummary')}</Text>
          <Consent label={t('signUp.marketing')} value={marketing} onChange={setMarketing} />
        </View>
      ) : null}
      <ErrorBanner message={problemMessage(signUp.error)} />
      <Button
        label={t('signUp.submit')}
        onPress={() => signUp.mutate()}
        busy={signUp.isPending}
        disabled={!legal.data || !terms || !privacy || !displayName.trim() || !email.trim() || !password}
      />
      <Link href="/sign-in" style={styles.link}>
        {t('signUp.haveAccount')}
      </Link>
    </Screen>
  );
}

export function Consent({ label, value, onChange }: { label: string; value: boolean; onChange: (value: boolean) => void }) {
  return (
    <View style={styles.consent}>
      <Switch accessibilityLabel={label} value={value} onValueChange={onChange} />
      <Text style={styles.consentLabel}>{label}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  consents: { gap: space.s },
  consent: { flexDirection: 'row', alignItems: 'center', gap: space.m },
  consentLabel: { flex: 1, color: colors.text, fontSize: 15 },
  hint: { color: colors.muted, fontSize: 13 },
  link: { color: colors.primary, fontSize: 15, paddingVertical: space.s },
});
