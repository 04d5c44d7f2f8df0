import { ActivityIndicator, Pressable, StyleSheet, Text } from 'react-native';

import { colors, space } from './theme';

type Variant = 'primary' | 'secondary' | 'danger';

/** A button found by its label (role "button"); busy while its request runs, so a second tap sends nothing. */
export function Button({
  label,
  onPress,
  variant = 'primary',
  busy = false,
  disabled = false,
  hint,
}: {
  label: string;
  onPress: () => void;
  variant?: Variant;
  busy?: boolean;
  disabled?: boolean;
  hint?: string;
}) {
  const inactive = busy || disabled;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      accessibilityHint={hint}
      accessibilityState={{ disabled: inactive, busy }}
      disabled={inactive}
      onPress={onPress}
      style={({ pressed }) => [styles.base, styles[variant], inactive && styles.inactive, pressed && styles.pressed]}
    >
      {busy ? (
        <ActivityIndicator color={variant === 'secondary' ? colors.primary : colors.primaryText} />
      ) : (
        <Text style={[styles.label, variant === 'secondary' && styles.secondaryLabel]}>{label}</Text>
      )}
    </Pressable>
  );
}

const styles = StyleSheet.create({
  base: { minHeight: 44, paddingHorizontal: space.l, borderRadius: 8, alignItems: 'center', justifyContent: 'center' },
  primary: { backgroundColor: colors.primary },
  secondary: { backgroundColor: colors.background, borderWidth: 1, borderColor: colors.primary },
  danger: { backgroundColor: colors.danger },
  inactive: { opacity: 0.55 },
  pressed: { opacity: 0.8 },
  label: { color: colors.primaryText, fontSize: 16, fontWeight: '600' },
  secondaryLabel: { color: colors.primary },
});
