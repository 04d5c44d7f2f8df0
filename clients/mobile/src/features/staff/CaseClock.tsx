import { StyleSheet, Text } from 'react-native';

import { useI18n } from '@/i18n';
import { useNow } from '@/lib/useNow';
import { colors } from '@/ui/theme';

const minute = 60_000;

/**
 * An open case's clock: how long someone has waited for a decision and how long is left before it is due, or how late
 * it is (in the danger colour, so an overdue case stands out in a long queue).
 */
export function CaseClock({ waitingSince, dueAt }: { waitingSince: string; dueAt: string }) {
  const { t } = useI18n();
  const now = useNow(minute);
  const duration = (milliseconds: number) => {
    const minutes = Math.max(0, Math.floor(milliseconds / minute));
    const [days, hours] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60)];
    if (days > 0) {
      return t('staff.clock.days', { days, hours });
    }
    if (hours > 0) {
      return t('staff.clock.hours', { hours, minutes: minutes % 60 });
    }
    return minutes > 0 ? t('staff.clock.minutes', { minutes }) : t('staff.clock.underAMinute');
  };
  const waited = duration(now - Date.parse(waitingSince));
  const left = Date.parse(dueAt) - now;
  return left < 0 ? (
    <Text style={styles.overdue}>{t('staff.clock.overdue', { waited, late: duration(-left) })}</Text>
  ) : (
    <Text style={styles.clock}>{t('staff.clock.due', { waited, left: duration(left) })}</Text>
  );
}

const styles = StyleSheet.create({
  clock: { fontSize: 13, color: colors.muted },
  overdue: { fontSize: 13, fontWeight: '600', color: colors.danger },
});
