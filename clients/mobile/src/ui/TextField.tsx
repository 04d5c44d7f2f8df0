import { StyleSheet, Text, TextInput, type TextInputProps, View } from 'react-native';

import { colors, space } from './theme';

/** A labelled text input (found by its label) with the field's error from the server under it. */
export function TextField({ label, error, ...input }: TextInputProps & { label: string; error?: string | null }) {
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      <TextInput
        accessibilityLabel={label}
        aria-invalid={!!error}
        placeholderTextColor={colors.muted}
        style={[styles.input, error ? styles.invalid : null, input.multiline ? styles.multiline : null]}
        {...input}
      />
      {error ? (
        <Text accessibilityRole="alert" style={styles.error}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  field: { gap: space.xs },
  label: { fontSize: 14, fontWeight: '600', color: colors.text },
  input: {
    minHeight: 44,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    paddingHorizontal: space.m,
    fontSize: 16,
    color: colors.text,
    backgroundColor: colors.background,
  },
  multiline: { minHeight: 88, paddingVertical: space.s, textAlignVertical: 'top' },
  invalid: { borderColor: colors.danger },
  error: { color: colors.danger, fontSize: 13 },
});
