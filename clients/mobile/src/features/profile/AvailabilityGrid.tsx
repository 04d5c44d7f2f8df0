import { Pressable, StyleSheet, Text, View } from 'react-native';

import type { Availability } from '@/api/types';
import { useI18n } from '@/i18n';
import { colors } from '@/ui/theme';

export const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** Two-hour blocks from 06:00 to midnight: fine enough to say "weekday evenings", coarse enough for a phone. */
const blocks = Array.from({ length: 9 }, (_, index) => 6 + index * 2);

const hhmm = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** Which blocks a list of ranges covers (a block counts when a range covers it whole). */
export function toCells(availability: Availability[]): Set<string> {
  const cells = new Set<string>();
  for (const range of availability) {
    const start = Number(range.start.slice(0, 2));
    const end = range.end === '24:00' ? 24 : Number(range.end.slice(0, 2));
    for (const hour of blocks) {
      if (hour >= start && hour + 2 <= end) {
        cells.add(`${range.day}@${hour}`);
      }
    }
  }
  return cells;
}

/** Adjacent blocks of a day become one range, as the profile keeps them. */
export function toRanges(cells: Set<string>): Availability[] {
  const ranges: Availability[] = [];
  for (const day of days) {
    let open: number | null = null;
    for (const hour of [...blocks, 24]) {
      const on = hour < 24 && cells.has(`${day}@${hour}`);
      if (on && open === null) {
        open = hour;
      } else if (!on && open !== null) {
        ranges.push({ day, start: hhmm(open), end: hour === 24 ? '24:00' : hhmm(hour) });
        open = null;
      }
    }
  }
  return ranges;
}

/** The week on the person's own clock: each cell a checkbox named "Monday 18:00–20:00". */
export function AvailabilityGrid({ cells, onChange }: { cells: Set<string>; onChange: (cells: Set<string>) => void }) {
  const { t } = useI18n();
  const toggle = (key: string) => {
    const next = new Set(cells);
    if (next.has(key)) {
      next.delete(key);
    } else {
      next.add(key);
    }
    onChange(next);
  };
  return (
    <View style={styles.grid}>
      <View style={styles.row}>
        <Text style={styles.corner} />
        {days.map((day) => (
          <Text key={day} style={styles.dayHeader}>
            {t(`day.short.${day}`)}
          </Text>
        ))}
      </View>
      {blocks.map((hour) => (
        <View key={hour} style={styles.row}>
          <Text style={styles.hour}>{hhmm(hour)}</Text>
          {days.map((day) => {
            const key = `${day}@${hour}`;
            const on = cells.has(key);
            return (
              <Pressable
                key={key}
                accessibilityRole="checkbox"
                accessibilityLabel={`${t(`day.${day}`)} ${hhmm(hour)}–${hhmm(hour + 2)}`}
                accessibilityState={{ checked: on }}
                onPress={() => toggle(key)}
                style={[styles.cell, on && styles.cellOn]}
              />
            );
          })}
        </View>
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  grid: { gap: 2 },
  row: { flexDirection: 'row', gap: 2, alignItems: 'center' },
  corner: { width: 44 },
  dayHeader: { flex: 1, textAlign: 'center', fontSize: 12, color: colors.muted },
  hour: { width: 44, fontSize: 12, color: colors.muted },
  cell: { flex: 1, height: 28, minWidth: 30, borderRadius: 4, backgroundColor: colors.surface, borderWidth: 1, borderColor: colors.border },
  cellOn: { backgroundColor: colors.primary, borderColor: colors.primary },
});

