import { useMemo, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import type { Availability } from '@/api/types';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { Checkbox, ChipRow } from '@/ui/Choices';
import { Empty } from '@/ui/Feedback';
import { colors, space } from '@/ui/theme';

import { slotsWithin } from './slots';

export const maxProposals = 3;
/** The lengths offered when asking for a session or opening a group. */
export const durations = [30, 60, 90, 120];
/** Shown per page: two weeks of a generous teacher would be hundreds. */
const shownSlots = 24;

/**
 * Up to three starts inside a teacher's weekly availability over the next two weeks, each shown on the reader's
 * clock with the teacher's in brackets. The list is computed from when it was first shown, so it does not shift under
 * the person's finger.
 */
export function SlotPicker({
  availability,
  teacherTimeZone,
  myTimeZone,
  durationMinutes,
  chosen,
  onChange,
}: {
  availability: Availability[];
  teacherTimeZone: string;
  myTimeZone: string;
  durationMinutes: number;
  chosen: number[];
  onChange: (chosen: number[]) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const [openedAt] = useState(() => Date.now());
  const [page, setPage] = useState(0);
  const slots = useMemo(() => slotsWithin(availability, teacherTimeZone, durationMinutes, openedAt), [availability, teacherTimeZone, durationMinutes, openedAt]);
  const visible = slots.slice(page * shownSlots, (page + 1) * shownSlots);
  const toggle = (instant: number, on: boolean) => onChange(on ? [...chosen, instant].slice(-maxProposals) : chosen.filter((value) => value !== instant));
  return (
    <View style={styles.box}>
      <Text style={styles.hint}>{t('request.clocks', { mine: myTimeZone, theirs: teacherTimeZone })}</Text>
      {slots.length === 0 ? <Empty text={t('request.noSlots')} /> : null}
      <ChipRow label={t('request.pickUpTo', { count: maxProposals })}>
        {visible.map((instant) => (
          <Checkbox
            key={instant}
            label={`${formatDateTime(new Date(instant), myTimeZone)} (${t('request.theirClock', { time: formatDateTime(new Date(instant), teacherTimeZone) })})`}
            checked={chosen.includes(instant)}
            onChange={(on) => toggle(instant, on)}
          />
        ))}
      </ChipRow>
      <View style={styles.pages}>
        {page > 0 ? <Button label={t('request.earlier')} variant="secondary" onPress={() => setPage(page - 1)} /> : null}
        {(page + 1) * shownSlots < slots.length ? <Button label={t('request.later')} variant="secondary" onPress={() => setPage(page + 1)} /> : null}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: space.s },
  hint: { fontSize: 14, color: colors.muted },
  pages: { flexDirection: 'row', gap: space.s },
});
