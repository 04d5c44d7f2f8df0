import { StyleSheet, Text, View } from 'react-native';

import { colors, space } from '@/ui/theme';

export interface Bar {
  label: string;
  value: number;
  /** What is written beside the bar ("7 · 100 %"). */
  display: string;
}

/**
 * Horizontal bars on one scale (0 to <paramref name="max"/>), with the target drawn as a line across them when there
 * is one: a bar that reaches the line met it. Read by a screen reader as one image named by its summary.
 */
export function BarChart({ title, bars, max, target, targetLabel }: { title: string; bars: Bar[]; max: number; target?: number; targetLabel?: string }) {
  const scale = max > 0 ? max : 1;
  return (
    <View accessibilityRole="image" accessibilityLabel={`${title}: ${bars.map((bar) => `${bar.label} ${bar.display}`).join(', ')}`} style={styles.chart}>
      {bars.map((bar) => (
        <View key={bar.label} style={styles.barRow}>
          <Text style={styles.barLabel} numberOfLines={1}>
            {bar.label}
          </Text>
          <View style={styles.track}>
            <View style={[styles.fill, { width: `${Math.max(0, Math.min(100, (100 * bar.value) / scale))}%` }, target !== undefined && bar.value < target && styles.below]} />
            {target !== undefined ? <View style={[styles.targetLine, { left: `${Math.min(100, (100 * target) / scale)}%` }]} /> : null}
          </View>
          <Text style={styles.barValue}>{bar.display}</Text>
        </View>
      ))}
      {target !== undefined && targetLabel ? <Text style={styles.legend}>┃ {targetLabel}</Text> : null}
    </View>
  );
}

const columnHeight = 140;

/**
 * Vertical columns over time on a scale from <paramref name="min"/> to <paramref name="max"/> (the NPS runs from -100
 * to 100: columns grow down below zero), with the target as a horizontal line.
 */
export function ColumnChart({
  title,
  columns,
  min = 0,
  max,
  target,
  targetLabel,
}: {
  title: string;
  columns: Bar[];
  min?: number;
  max: number;
  target?: number;
  targetLabel?: string;
}) {
  const span = max - min || 1;
  const top = (value: number) => ((max - value) / span) * columnHeight;
  const zero = top(Math.max(min, Math.min(max, 0)));
  return (
    <View accessibilityRole="image" accessibilityLabel={`${title}: ${columns.map((column) => `${column.label} ${column.display}`).join(', ')}`} style={styles.chart}>
      <View style={styles.plot}>
        {target !== undefined ? <View style={[styles.targetRule, { top: top(target) }]} /> : null}
        <View style={[styles.zeroRule, { top: zero }]} />
        {columns.map((column) => {
          const y = top(Math.max(min, Math.min(max, column.value)));
          return (
            <View key={column.label} style={styles.column}>
              <View
                style={[
                  styles.columnFill,
                  { top: Math.min(y, zero), height: Math.max(1, Math.abs(zero - y)) },
                  target !== undefined && column.value < target && styles.below,
                ]}
              />
            </View>
          );
        })}
      </View>
      <View style={styles.columnLabels}>
        {columns.map((column) => (
          <View key={column.label} style={styles.columnLabel}>
            <Text style={styles.columnValue}>{column.display}</Text>
            <Text style={styles.legend} numberOfLines={1}>
              {column.label}
            </Text>
          </View>
        ))}
      </View>
      {target !== undefined && targetLabel ? <Text style={styles.legend}>— {targetLabel}</Text> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  chart: { gap: space.xs, paddingVertical: space.xs },
  barRow: { flexDirection: 'row', alignItems: 'center', gap: space.s },
  barLabel: { width: 150, fontSize: 13, color: colors.text },
  track: { flex: 1, height: 18, backgroundColor: colors.surface, borderRadius: 4, overflow: 'hidden' },
  fill: { height: '100%', backgroundColor: colors.primary, borderRadius: 4 },
  below: { backgroundColor: colors.danger },
  targetLine: { position: 'absolute', top: 0, bottom: 0, width: 2, backgroundColor: colors.success },
  barValue: { width: 90, fontSize: 13, color: colors.text, textAlign: 'right' },
  legend: { fontSize: 11, color: colors.muted },
  plot: { height: columnHeight, flexDirection: 'row', gap: space.xs, borderBottomWidth: 1, borderBottomColor: colors.border },
  column: { flex: 1, height: columnHeight },
  columnFill: { position: 'absolute', left: 2, right: 2, backgroundColor: colors.primary, borderRadius: 2 },
  zeroRule: { position: 'absolute', left: 0, right: 0, height: 1, backgroundColor: colors.border },
  targetRule: { position: 'absolute', left: 0, right: 0, height: 2, backgroundColor: colors.success },
  columnLabels: { flexDirection: 'row', gap: space.xs },
  columnLabel: { flex: 1, alignItems: 'center' },
  columnValue: { fontSize: 11, fontWeight: '600', color: colors.text },
});
