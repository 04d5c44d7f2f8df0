import { useRouter } from 'expo-router';
import { StyleSheet, Text, View } from 'react-native';

import { erasureNotice } from '@/features/account/erasureNotice';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { SuccessBanner } from '@/ui/Feedback';
import { LanguageSwitch } from '@/ui/LanguageSwitch';
import { Screen } from '@/ui/Screen';
import { colors, space } from '@/ui/theme';

export function WelcomeScreen() {
  const { t } = useI18n();
  const router = useRouter();
  return (
    <Screen title="SkillSwap" actions={<LanguageSwitch />}>
      <SuccessBanner message={erasureNotice.requestedAt() ? t('erasure.signedOut') : null} />
      <Text style={styles.tagline}>{t('welcome.tagline')}</Text>
      <View style={styles.points}>
        <Text style={styles.point}>• {t('welcome.point.match')}</Text>
        <Text style={styles.point}>• {t('welcome.point.chat')}</Text>
        <Text style={styles.point}>• {t('welcome.point.credits')}</Text>
      </View>
      <Button label={t('welcome.signUp')} onPress={() => router.push('/sign-up')} />
      <Button label={t('welcome.signIn')} variant="secondary" onPress={() => router.push('/sign-in')} />
    </Screen>
  );
}

const styles = StyleSheet.create({
  tagline: { fontSize: 18, color: colors.text },
  points: { gap: space.s, paddingVertical: space.s },
  point: { fontSize: 15, color: colors.muted },
});
