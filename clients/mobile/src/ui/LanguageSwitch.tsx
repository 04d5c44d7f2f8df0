import { Pressable, StyleSheet, Text, View } from 'react-native';

import { type Language, useI18n } from '@/i18n';

import { colors, space } from './theme';

const languages: { code: Language; name: string }[] = [
  { code: 'fr', name: 'Français' },
  { code: 'en', name: 'English' },
];

/** FR | EN, each a radio button named in its own language. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <View accessibilityRole="radiogroup" accessibilityLabel={t('common.language')} style={styles.row}>
      {languages.map((option) => (
        <Pressable
          key={option.code}
          accessibilityRole="radio"
          accessibilityLabel={option.name}
          accessibilityState={{ checked: language === option.code }}
          onPress={() => setLanguage(option.code)}
          style={[styles.option, language === option.code && styles.selected]}
        >
          <Text style={[styles.text, language === option.code && styles.selectedText]}>{option.code.toUpperCase()}</Text>
        </Pressable>
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', gap: space.xs },
  option: { minWidth: 44, minHeight: 36, alignItems: 'center', justifyContent: 'center', borderRadius: 6, borderWidth: 1, borderColor: colors.border },
  selected: { backgroundColor: colors.primary, borderColor: colors.primary },
  text: { color: colors.text, fontWeight: '600' },
  selectedText: { color: colors.primaryText },
});
