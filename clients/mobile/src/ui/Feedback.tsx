import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';

import { colors, space } from './theme';

/** The server's explanation (problem+json detail, in the person's language) or a network failure, announced to screen readers. */
export function ErrorBanner({ message }: { message: string | null | undefined }) {
  if (!message) {
    return null;
  }
  return (
    <View accessible accessibilityRole="alert" accessibilityLiveRegion="polite" style={[styles.banner, styles.error]}>
      <Text style={styles.errorText}>{message}</Text>
    </View>
  );
}

export function SuccessBanner({ message }: { message: string | null | undefined }) {
  if (!message) {
    return null;
  }
  return (
    <View accessible accessibilityRole="summary" accessibilityLiveRegion="polite" style={[styles.banner, styles.success]}>
      <Text style={styles.successText}>{message}</Text>
    </View>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <View accessibilityRole="progressbar" accessibilityLabel={label} style={styles.loading}>
      <ActivityIndicator color={colors.primary} />
      <Text style={styles.muted}>{label}</Text>
    </View>
  );
}

export function Empty({ text }: { text: string }) {
  return <Text style={styles.muted}>{text}</Text>;
}

const styles = StyleSheet.create({
  banner: { padding: space.m, borderRadius: 8 },
  error: { backgroundColor: colors.dangerSurface },
  errorText: { color: colors.danger, fontSize: 14 },
  success: { backgroundColor: colors.successSurface },
  successText: { color: colors.success, fontSize: 14 },
  loading: { flexDirection: 'row', gap: space.s, alignItems: 'center', padding: space.m },
  muted: { color: colors.muted, fontSize: 14 },
});
