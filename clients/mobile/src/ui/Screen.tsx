import type { ReactNode } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';

import { colors, space } from './theme';

/** A page: its title as the one level-1 heading, then the content, scrollable, at most 720 px wide on a desktop. */
export function Screen({ title, children, actions, scroll = true }: { title: string; children: ReactNode; actions?: ReactNode; scroll?: boolean }) {
  const body = (
    <View style={styles.column}>
      <View style={styles.header}>
        <Text accessibilityRole="header" aria-level={1} style={styles.title}>
          {title}
        </Text>
        {actions}
      </View>
      {children}
    </View>
  );
  return scroll ? (
    <ScrollView style={styles.page} contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
      {body}
    </ScrollView>
  ) : (
    <View style={[styles.page, styles.content]}>{body}</View>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View style={styles.section}>
      <Text accessibilityRole="header" aria-level={2} style={styles.sectionTitle}>
        {title}
      </Text>
      {children}
    </View>
  );
}

const styles = StyleSheet.create({
  page: { flex: 1, backgroundColor: colors.background },
  content: { padding: space.l, paddingBottom: space.xl * 2, flexGrow: 1 },
  column: { width: '100%', maxWidth: 720, alignSelf: 'center', gap: space.m, flex: 1 },
  header: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: space.s },
  title: { fontSize: 26, fontWeight: '700', color: colors.text, flexShrink: 1 },
  section: { gap: space.s, paddingTop: space.s },
  sectionTitle: { fontSize: 18, fontWeight: '600', color: colors.text },
});
