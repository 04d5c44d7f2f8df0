import { useRouter } from 'expo-router';
import { StyleSheet, View } from 'react-native';

import { useAuth } from '@/auth/AuthProvider';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { space } from '@/ui/theme';

import { staffRoles } from './staffRoles';

/** The console's pages, on each of them: queue and sanctions (moderators), look-up (support), figures and audit log (every staff role). */
export function StaffLinks() {
  const { t } = useI18n();
  const router = useRouter();
  const { roles } = useAuth();
  return (
    <View accessibilityRole="toolbar" accessibilityLabel={t('staff.pages')} style={styles.row}>
      {staffRoles.canModerate(roles) ? <Button label={t('staff.queue.title')} variant="secondary" onPress={() => router.push('/staff')} /> : null}
      {staffRoles.canModerate(roles) ? <Button label={t('staff.sanctions.title')} variant="secondary" onPress={() => router.push('/staff/sanctions')} /> : null}
      {staffRoles.canSupport(roles) ? <Button label={t('staff.support.title')} variant="secondary" onPress={() => router.push('/staff/support')} /> : null}
      <Button label={t('staff.kpis.title')} variant="secondary" onPress={() => router.push('/staff/kpis')} />
      <Button label={t('staff.audit.title')} variant="secondary" onPress={() => router.push('/staff/audit')} />
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s },
});
